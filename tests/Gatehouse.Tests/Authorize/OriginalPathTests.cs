using Gatehouse.Functions.Authorize;

namespace Gatehouse.Tests.Authorize;

public sealed class OriginalPathTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/api/things", "/api/things")]
    [InlineData("/api/things/", "/api/things/")]
    [InlineData("/caf%C3%A9", "/café")]
    [InlineData("/%70ublic/x", "/public/x")]
    [InlineData("/a%20b", "/a b")]
    [InlineData("/a/.../..b/.c", "/a/.../..b/.c")]
    public void Unambiguous_paths_are_decoded_once_and_canonical(string raw, string expected)
    {
        Assert.True(OriginalPath.TryCanonicalize(raw, encodedSlashesAsData: false, out var path, out var canonical, out _));
        Assert.Equal(expected, path);
        Assert.True(canonical);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/things/")]
    [InlineData("/a/.../..b/.c")]
    public void Plain_paths_are_returned_as_they_are_without_a_copy(string raw)
    {
        Assert.True(OriginalPath.TryCanonicalize(raw, false, out var path, out _, out _));
        Assert.Same(raw, path);
    }

    [Theory]
    [InlineData("//public///page", "/public/page")]
    [InlineData("/api//", "/api/")]
    public void Repeated_slashes_are_merged_but_the_path_is_no_longer_canonical(string raw, string expected)
    {
        Assert.True(OriginalPath.TryCanonicalize(raw, false, out var path, out var canonical, out _));
        Assert.Equal(expected, path);
        Assert.False(canonical);
    }

    [Theory]
    [InlineData("/api/admin/users/..%2F..%2F..%2Fhealth", "encoded slash")]
    [InlineData("/api/x/%2e%2e/%2e%2e/health", "encoded '.'")]
    [InlineData("/api/x/%2E%2E/health", "encoded '.'")]
    [InlineData("/%2568ealth", "encoded '%'")]
    [InlineData("/a%5Cb", "encoded '\\'")]
    [InlineData("/a\\b", "backslash")]
    [InlineData("/public/../admin", "dot segment")]
    [InlineData("/public/./admin", "dot segment")]
    [InlineData("/a/..", "dot segment")]
    [InlineData("/a/.", "dot segment")]
    [InlineData("/a%00b", "control character")]
    [InlineData("/a%0Ab", "control character")]
    [InlineData("/a%C2%85b", "control character")]
    [InlineData("/a\u0001b", "control character")]
    [InlineData("/bad%FFutf8", "UTF-8")]
    [InlineData("/half%4", "percent-encoding")]
    [InlineData("/zz%zz", "percent-encoding")]
    [InlineData("relative/path", "start with '/'")]
    [InlineData("", "start with '/'")]
    public void Paths_whose_meaning_depends_on_who_decodes_them_are_refused(string raw, string reason)
    {
        Assert.False(OriginalPath.TryCanonicalize(raw, encodedSlashesAsData: false, out _, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Encoded_slashes_may_be_kept_as_data_and_the_path_is_then_never_canonical()
    {
        Assert.True(OriginalPath.TryCanonicalize("/files/a%2fb", encodedSlashesAsData: true, out var path, out var canonical, out _));
        Assert.Equal("/files/a%2Fb", path);
        Assert.False(canonical);
    }

    [Theory]
    [InlineData("/x/%2e%2e/health")]
    [InlineData("/x/../health")]
    [InlineData("/%252F")]
    public void Keeping_slashes_as_data_still_refuses_every_other_ambiguity(string raw) =>
        Assert.False(OriginalPath.TryCanonicalize(raw, encodedSlashesAsData: true, out _, out _, out _));
}
