namespace Gatehouse.Testing.Tests.Infrastructure;

/// <summary>Tests that share one BareWorker under the host double run one after another: <c>[Collection(BareWorkerCollectionDefinition.Name)]</c>.</summary>
[CollectionDefinition(Name)]
public sealed class BareWorkerCollectionDefinition : ICollectionFixture<BareWorkerFixture>
{
    public const string Name = "BareWorker under the host double";
}
