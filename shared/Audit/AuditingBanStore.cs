using Gatehouse.Regulation;

namespace Gatehouse.Audit;

/// <summary>
/// Audits bans as regulation writes them: a login's ban is about the user the login names (<c>login:bob</c> → bob),
/// an address's is about no user (the everyone view shows it). Reads pass straight through.
/// </summary>
internal sealed class AuditingBanStore(IBanStore inner, AuditTrail trail) : IBanStore
{
    private const string LoginPrefix = "login:";

    public ValueTask<DateTimeOffset?> GetBanEndAsync(string subject, CancellationToken cancellationToken = default) => inner.GetBanEndAsync(subject, cancellationToken);

    public async ValueTask BanAsync(string subject, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);

        // Recorded before the write: a ban holds on this instance even when storage cannot take it.
        var user = subject.StartsWith(LoginPrefix, StringComparison.Ordinal) ? subject[LoginPrefix.Length..] : null;
        trail.Record(AuditEventTypes.Banned, user, $"{subject} until {until:o}");
        await inner.BanAsync(subject, until, cancellationToken);
    }
}
