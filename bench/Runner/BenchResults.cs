namespace Gatehouse.Bench;

/// <summary>Everything one bench run measured, for the report.</summary>
internal sealed record BenchResults(
    BenchOptions Options,
    string CommandLine,
    DateTimeOffset StartedAt,
    IReadOnlyDictionary<string, Summary> Throughput,
    StorageReads? StorageSmall,
    StorageReads? StorageLarge,
    IReadOnlyList<ColdStartResult> ColdStarts,
    IReadOnlyList<(string Process, double PeakMB)> Memory,
    string LoadAverageAtStart,
    RevocationResults? Revocation);
