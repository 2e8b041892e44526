using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.Packaging;

/// <summary>
/// The two nginx recipes are complete files an operator copies, so they repeat each other: the TLS one must hold
/// every line of the plain one, in order, and differ only by what reaching Gatehouse over TLS adds.
/// </summary>
public sealed class NginxRecipesConsistencyTests
{
    private static readonly string Folder = Path.Combine(RepositoryRoot.Path, "gateways", "nginx");

    [Fact]
    public void The_https_recipe_is_the_plain_one_plus_tls_to_gatehouse()
    {
        var plain = Directives("nginx.conf.template")
            .Select(line => line == "proxy_pass http://gatehouse/authorize;" ? "proxy_pass https://gatehouse/authorize;" : line)
            .ToList();
        var https = Directives("nginx-https.conf.template");

        var missing = new List<string>();
        var at = 0;
        foreach (var line in plain)
        {
            var found = https.IndexOf(line, at);
            if (found < 0)
            {
                missing.Add(line);
            }
            else
            {
                at = found + 1;
            }
        }

        Assert.Empty(missing);
        Assert.All(https.Except(plain, StringComparer.Ordinal), added => Assert.Matches(@"^(proxy_ssl_\w+ .*|proxy_set_header Host \$\{GATEHOUSE_HOST\};)$", added));
    }

    /// <summary>The file's configuration lines, trimmed: comments and blank lines left out (the header comments differ).</summary>
    private static List<string> Directives(string template) =>
        File.ReadAllLines(Path.Combine(Folder, template))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();
}
