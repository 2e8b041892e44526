using System.Reflection;
using System.Text.RegularExpressions;
using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;

namespace Gatehouse.Tests.Packaging;

/// <summary>What the Bicep provisions and what the app uses must not drift apart.</summary>
public sealed partial class InfraConsistencyTests
{
    [GeneratedRegex(@"param tableNames string\[\] = \[(?<names>[^\]]*)\]")]
    private static partial Regex TableNamesParameter();

    [Fact]
    public async Task The_bicep_provisions_exactly_the_tables_the_app_uses()
    {
        var bicep = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "infra", "main.bicep"));
        var provisioned = Regex.Matches(TableNamesParameter().Match(bicep).Groups["names"].Value, "'([a-z0-9]+)'")
            .Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        var used = typeof(TableNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal);

        Assert.Equal(used, provisioned);
    }
}
