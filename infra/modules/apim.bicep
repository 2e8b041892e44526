// Optional Azure API Management front door: one API whose every operation is authorized by
// Gatehouse's `authorize` function (SPEC §8) before it reaches the backend. The policy XML
// lives in ../policies/gatehouse-authorizer.xml (shown verbatim in docs/gateways-apim.md);
// its deployment-specific values come from the named values below.

@description('Azure region for the API Management instance.')
param location string

@description('Globally unique API Management instance name (its gateway is https://<name>.azure-api.net).')
param apimName string

@description('Publisher e-mail shown in the API Management developer portal and used for service notifications.')
param publisherEmail string

@description('Publisher (organization) name.')
param publisherName string

@description('API Management SKU. Consumption has no built-in cache: decisions are cached only with an external cache.')
@allowed([
  'Consumption'
  'Developer'
  'BasicV2'
  'StandardV2'
])
param skuName string

@description('Name of the Gatehouse function app (in this resource group) whose authorize function the policy calls.')
param functionAppName string

@description('URL of the backend API that API Management protects, e.g. https://backend.example.com.')
param backendUrl string

@description('Path of the API on the gateway: clients call https://<apim>.azure-api.net/<path>/...')
param apiPath string

@description('Seconds an allow decision stays cached, keyed by an HMAC of the method, URI and credential headers.')
@minValue(0)
@maxValue(300)
param cacheSeconds int

@description('Tags applied to every resource.')
param tags object

resource functionApp 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource apim 'Microsoft.ApiManagement/service@2024-05-01' = {
  name: apimName
  location: location
  tags: tags
  sku: {
    name: skuName
    capacity: skuName == 'Consumption' ? 0 : 1
  }
  properties: {
    publisherEmail: publisherEmail
    publisherName: publisherName
  }
}

resource authorizeUrl 'Microsoft.ApiManagement/service/namedValues@2024-05-01' = {
  parent: apim
  name: 'gatehouse-authorize-url'
  properties: {
    displayName: 'gatehouse-authorize-url'
    value: 'https://${functionApp.properties.defaultHostName}/authorize'
  }
}

// The function key lets API Management past the authorize function's authLevel "function".
// It is read from the host's keys at deployment time, so the app must be running (deploy the
// package first; docs/deploy.md) and a key rotation is followed by a redeployment.
resource functionKey 'Microsoft.ApiManagement/service/namedValues@2024-05-01' = {
  parent: apim
  name: 'gatehouse-function-key'
  properties: {
    displayName: 'gatehouse-function-key'
    secret: true
    value: listKeys('${functionApp.id}/host/default', '2025-03-01').functionKeys.default
  }
}

resource cacheDuration 'Microsoft.ApiManagement/service/namedValues@2024-05-01' = {
  parent: apim
  name: 'gatehouse-cache-seconds'
  properties: {
    displayName: 'gatehouse-cache-seconds'
    value: string(cacheSeconds)
  }
}

resource api 'Microsoft.ApiManagement/service/apis@2024-05-01' = {
  parent: apim
  name: 'gatehouse-protected'
  properties: {
    displayName: 'Gatehouse-protected API'
    path: apiPath
    serviceUrl: backendUrl
    protocols: [
      'https'
    ]
    // Gatehouse authenticates the caller; a subscription key would be a second, unrelated credential.
    subscriptionRequired: false
  }
}

var methods = [
  'GET'
  'HEAD'
  'OPTIONS'
  'POST'
  'PUT'
  'PATCH'
  'DELETE'
]

resource operations 'Microsoft.ApiManagement/service/apis/operations@2024-05-01' = [
  for method in methods: {
    parent: api
    name: 'all-${toLower(method)}'
    properties: {
      displayName: '${method} /*'
      method: method
      urlTemplate: '/*'
    }
  }
]

resource apiPolicy 'Microsoft.ApiManagement/service/apis/policies@2024-05-01' = {
  parent: api
  name: 'policy'
  properties: {
    format: 'xml'
    value: loadTextContent('../policies/gatehouse-authorizer.xml')
  }
  // The policy names these values with {{...}}: API Management rejects a policy that
  // references a named value that does not exist yet.
  dependsOn: [
    authorizeUrl
    functionKey
    cacheDuration
  ]
}

@description('Gateway URL of the API Management instance.')
output gatewayUrl string = apim.properties.gatewayUrl

@description('Base URL of the protected API on the gateway.')
output apiUrl string = '${apim.properties.gatewayUrl}/${api.properties.path}'
