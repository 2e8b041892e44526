using System.Text.Json.Serialization;

namespace Gatehouse.Functions.Directory;

/// <summary>Nuxeo's paged list (NUXEO-FACTS §1), as <c>GET /api/v1/user/search</c> and <c>/group/search</c> answer it.</summary>
internal sealed record PageJson<T>(
    [property: JsonPropertyName("entity-type")] string EntityType,
    bool IsPaginable,
    int ResultsCount,
    int PageSize,
    int MaxPageSize,
    int CurrentPageSize,
    int CurrentPageIndex,
    int NumberOfPages,
    bool IsPreviousPageAvailable,
    bool IsNextPageAvailable,
    IReadOnlyList<T> Entries);
