namespace Gatehouse.Tests.Infrastructure;

/// <summary>Tests that talk to Azurite share one instance and run one after another: <c>[Collection(AzuriteCollectionDefinition.Name)]</c>.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
