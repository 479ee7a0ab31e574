global using RevOps.Reporting.Extensions;
