global using RevOps.Sla.Extensions;
