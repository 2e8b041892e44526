using Gatehouse.Tokens;

namespace Gatehouse.Functions.Pages;

/// <summary>
/// The consent screen every browser hand-over of a token shows (Nuxeo Drive's sign-in, the device grant's
/// verification page): the shared sign-in, then the application, the device and the permission to allow. Its form
/// posts <c>decision</c> (<c>approve</c> or <c>cancel</c>) and the tab's page session back to the URL it was shown at.
/// </summary>
internal static class ConsentScreen
{
    public const string Page = "templates/consent.html";

    public static Dictionary<string, string> Values(string application, string deviceId, string? deviceDescription, string permission) => new()
    {
        ["application"] = application,
        ["device"] = deviceId,
        ["description"] = deviceDescription ?? "no description",
        ["permission"] = permission == TokenPermissions.ReadWrite ? "read and write" : "read only",
    };
}
