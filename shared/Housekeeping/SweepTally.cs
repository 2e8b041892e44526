namespace Gatehouse.Housekeeping;

/// <summary>
/// What one sweep has deleted so far and how much of <see cref="HousekeepingOptions.MaxDeletesPerRun"/> is left,
/// shared by its passes and kept when a pass runs again (a table recreated under it).
/// </summary>
internal sealed class SweepTally(int maxDeletes)
{
    public int ExpiredNonces { get; private set; }

    public int OrphanHashes { get; private set; }

    public int ExpiredBindings { get; private set; }

    public int FeedEntries { get; private set; }

    public int AuditEntries { get; private set; }

    public int DeviceCodeRows { get; private set; }

    /// <summary>Rows deleted, of every kind: a binding costs its hash row and its binding row.</summary>
    public int Rows { get; private set; }

    /// <summary>Rows this sweep may still delete.</summary>
    public int Remaining => maxDeletes - Rows;

    public void NoncesDeleted(int rows)
    {
        ExpiredNonces += rows;
        Rows += rows;
    }

    public void OrphanDeleted()
    {
        OrphanHashes++;
        Rows++;
    }

    public void HashRowDeleted() => Rows++;

    public void FeedEntriesDeleted(int rows)
    {
        FeedEntries += rows;
        Rows += rows;
    }

    public void AuditEntriesDeleted(int rows)
    {
        AuditEntries += rows;
        Rows += rows;
    }

    public void DeviceCodeRowsDeleted(int rows)
    {
        DeviceCodeRows += rows;
        Rows += rows;
    }

    public void BindingsDeleted(int rows)
    {
        ExpiredBindings += rows;
        Rows += rows;
    }
}

/// <summary>
/// What one sweep removed; <see cref="Finished"/> false when it stopped at <see cref="HousekeepingOptions.MaxDeletesPerRun"/>
/// with work left. <see cref="FeedEntries"/>: revocation feed entries past their retention; <see cref="AuditEntries"/>:
/// audit rows past theirs (an event is two rows: its user's and its month's); <see cref="DeviceCodeRows"/>: rows of
/// device authorizations past theirs (two per authorization).
/// </summary>
internal sealed record HousekeepingResult(int ExpiredNonces, int OrphanHashes, int ExpiredBindings, bool Finished, int FeedEntries = 0, int AuditEntries = 0, int DeviceCodeRows = 0);
