namespace RevOps.Hosting;

internal static class Placeholder;
