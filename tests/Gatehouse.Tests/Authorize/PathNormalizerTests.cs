using Gatehouse.Functions.Authorize;

namespace Gatehouse.Tests.Authorize;

public sealed class PathNormalizerTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/api/things", "/api/things")]
    [InlineData("/api/things/", "/api/things/")]
    [InlineData("/public/../admin", "/admin")]
    [InlineData("/public/..%2Fadmin", "/admin")]
    [InlineData("/public/%2E%2E/admin", "/admin")]
    [InlineData("//public///page", "/public/page")]
    [InlineData("/./a/./b/.", "/a/b/")]
    [InlineData("/../../etc/passwd", "/etc/passwd")]
    [InlineData("/caf%C3%A9", "/café")]
    [InlineData("/%70ublic/x", "/public/x")]
    [InlineData("/a/..", "/")]
    [InlineData("/a/.", "/a/")]
    [InlineData("/a/.../..b/.c", "/a/.../..b/.c")]
    public void Paths_are_decoded_and_dot_segments_resolved_as_the_upstream_will(string raw, string expected)
    {
        Assert.Equal(expected, PathNormalizer.Normalize(raw));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/things/")]
    [InlineData("/a/.../..b/.c")]
    public void Normal_paths_are_returned_as_they_are_without_a_copy(string raw)
    {
        Assert.Same(raw, PathNormalizer.Normalize(raw));
    }

    [Theory]
    [InlineData("")]
    [InlineData("relative/path")]
    [InlineData("/a%00b")]
    [InlineData("/a%0Ab")]
    [InlineData("/bad%FFutf8")]
    [InlineData("/a\u0001b")]
    [InlineData("/a\u0085b")]
    public void Unusable_paths_are_refused(string raw)
    {
        Assert.Null(PathNormalizer.Normalize(raw));
    }
}
