global using RevOps.Routing.Extensions;
