namespace Gatehouse.Tokens;

/// <summary>The outcome of looking up a presented token; <see cref="Binding"/> is set when <see cref="TokenStatus.Valid"/> or <see cref="TokenStatus.Expired"/>.</summary>
public sealed record TokenValidation(TokenStatus Status, TokenBinding? Binding)
{
    public static readonly TokenValidation Malformed = new(TokenStatus.Malformed, null);
    public static readonly TokenValidation Unknown = new(TokenStatus.Unknown, null);
}
