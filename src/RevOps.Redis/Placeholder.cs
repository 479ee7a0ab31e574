namespace RevOps.Redis;

internal static class Placeholder;
