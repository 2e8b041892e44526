namespace Gatehouse.Tokens;

/// <summary>The token for a triplet, and whether this call created its binding.</summary>
public sealed record IssuedToken(string Token, TokenBinding Binding, bool Created);
