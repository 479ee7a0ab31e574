global using RevOps.Scoring.Extensions;
