using Azure;

namespace Gatehouse.Users;

/// <summary>
/// An e-mail index entry held for <see cref="Owner"/> (a lower-case user name) at <see cref="ETag"/>; <see cref="Written"/>
/// is false when the entry was already there, a leftover of that same name.
/// </summary>
internal sealed record EmailClaim(string Key, string Owner, ETag ETag, bool Written);
