namespace Gatehouse.Regulation;

/// <summary>A ban in force: how long it still lasts, and why (safe to log and to show the caller).</summary>
internal readonly record struct Ban(TimeSpan Remaining, string Reason);
