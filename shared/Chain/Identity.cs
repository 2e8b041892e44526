using Gatehouse.Users;

namespace Gatehouse.Chain;

/// <summary>What a plugin vouches for: a user name, and what it learnt from the credential.</summary>
/// <param name="UserName">The user the credential belongs to; still to be resolved in the user directory.</param>
/// <param name="Plugin">The name of the plugin that vouched.</param>
/// <param name="TokenPermission">For tokens, the binding's permission (e.g. <c>ReadWrite</c>, <c>r</c>).</param>
/// <param name="TokenId">For tokens, the binding id (never the token itself).</param>
public record Identity(string UserName, string Plugin, string? TokenPermission = null, string? TokenId = null)
{
    /// <summary>The user record, when the plugin has just read it (a password check): the chain then does not read it again.</summary>
    public virtual User? User => null;

    /// <summary>The identity of a user the plugin has read. Its own type, so that other identities carry no extra field (the token path's allocation budget).</summary>
    public static Identity Of(User user, string plugin)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new ReadUser(user, plugin);
    }

    private sealed record ReadUser(User Record, string Plugin) : Identity(Record.UserName, Plugin)
    {
        public override User? User => Record;
    }
}
