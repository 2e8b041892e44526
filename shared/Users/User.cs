namespace Gatehouse.Users;

/// <summary>A user of the directory (SPEC §10). The password hash never leaves the directory.</summary>
public sealed record User(
    string UserName,
    string? Email,
    string? FirstName,
    string? LastName,
    string? Company,
    IReadOnlyList<string> Groups,
    bool Enabled);
