namespace Gatehouse.Tokens;

/// <summary>
/// The outcome of renewing a binding. <see cref="Binding"/> is set unless <see cref="RenewalStatus.NotFound"/>, with
/// its effective expiry: the new one when <see cref="RenewalStatus.Renewed"/>, else the one it keeps.
/// </summary>
public sealed record TokenRenewal(RenewalStatus Status, TokenBinding? Binding)
{
    public static readonly TokenRenewal NotFound = new(RenewalStatus.NotFound, null);

    public static TokenRenewal Renewed(TokenBinding binding) => new(RenewalStatus.Renewed, binding);

    public static TokenRenewal Expired(TokenBinding binding) => new(RenewalStatus.Expired, binding);

    public static TokenRenewal AtMaximum(TokenBinding binding) => new(RenewalStatus.AtMaximum, binding);
}
