namespace Gatehouse.Users;

/// <summary>What it takes to create a user.</summary>
public sealed record NewUser(
    string UserName,
    string Password,
    string? Email = null,
    string? FirstName = null,
    string? LastName = null,
    string? Company = null,
    IReadOnlyList<string>? Groups = null,
    bool Enabled = true);
