// Gatehouse in Azure: an isolated-worker (.NET 10) function app on Linux Flex Consumption, its tables
// in Table Storage, its secrets in Key Vault, telemetry in Application Insights, and
// optionally an API Management gateway that authorizes every call through Gatehouse.
// Everything is reached with the app's system-assigned identity: the app settings hold no
// connection string, account key or secret value. Deploy: docs/deploy.md.

targetScope = 'resourceGroup'

@description('Short lowercase prefix of every resource name (letters, digits and hyphens; 3-12 characters). A hash of the resource group and prefix is appended so names are globally unique.')
@minLength(3)
@maxLength(12)
param namePrefix string = 'gatehouse'

@description('Azure region for all resources; it must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Tags applied to every resource.')
param tags object = {}

@description('Prefix of Gatehouse\'s table names (letters and digits, may be empty). Must equal the app\'s Gatehouse:Storage:TablePrefix, which this template sets.')
@maxLength(20)
param tablePrefix string = ''

@description('Tables Gatehouse uses, without the prefix (letters and digits). They must match the names the app uses.')
param tableNames string[] = [
  'users'
  'useremails'
  'groups'
  'tokenbindings'
  'tokenhashes'
  'nonces'
  'housekeeping'
  'bans'
  'secondfactors'
  'revocationfeed'
  'audit'
  'devicecodes'
]

@description('Replication SKU of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
])
param storageSkuName string = 'Standard_LRS'

@description('Flex Consumption runtime version of the dotnet-isolated runtime (az functionapp list-flexconsumption-runtimes --location <region> --runtime dotnet-isolated).')
param runtimeVersion string = '10.0'

@description('Upper bound on instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Days a deleted vault or secret stays recoverable (soft delete). Purge protection is always on.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 90

@description('Optional initial value of the portal-sso-secret Key Vault secret (SPEC §5.3). Empty: set it later with az keyvault secret set.')
@secure()
param portalSsoSecret string = ''

@description('Optional initial value of the token-key Key Vault secret (SPEC §9). Empty: set it later with az keyvault secret set.')
@secure()
param tokenKey string = ''

@description('Optional initial value of the mfa-key Key Vault secret (SPEC §12): base64 of at least 32 bytes, the key second-factor secrets are encrypted with. Empty: set it later with az keyvault secret set.')
@secure()
param mfaKey string = ''

@description('Optional password of the bootstrap administrator (SPEC §10). Stored as the bootstrap-password Key Vault secret; the app reads it through a Key Vault reference.')
@secure()
param bootstrapPassword string = ''

@description('Reference an existing bootstrap-password secret without passing the password (e.g. one set with az keyvault secret set). Only when the secret exists: an unresolved reference reaches the app as literal text.')
param bootstrapPasswordInVault bool = false

@description('User name of the bootstrap administrator created on first start (Gatehouse:Bootstrap:UserName). Set only together with the password.')
param bootstrapUserName string = 'admin'

@description('E-mail of the bootstrap administrator (Gatehouse:Bootstrap:Email). Empty: not set.')
param bootstrapEmail string = ''

@description('Optional object id of the operator who sets and rotates secrets (az ad signed-in-user show --query id -o tsv); gets Key Vault Secrets Officer on the vault.')
param operatorPrincipalId string = ''

@description('Principal type of operatorPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

@description('Deploy an API Management instance whose API is authorized by Gatehouse. Needs the package deployed first (the policy\'s function key is read from the running app).')
param deployApim bool = false

@description('API Management SKU. Consumption has no built-in cache, so decisions are not cached there unless an external cache is added.')
@allowed([
  'Consumption'
  'Developer'
  'BasicV2'
  'StandardV2'
])
param apimSkuName string = 'Consumption'

@description('API Management publisher e-mail (required when deployApim is true).')
param apimPublisherEmail string = ''

@description('API Management publisher name.')
param apimPublisherName string = 'Gatehouse'

@description('Backend API that API Management protects, e.g. https://backend.example.com (required when deployApim is true).')
param apimBackendUrl string = ''

@description('Path of the protected API on the gateway.')
param apimApiPath string = 'api'

@description('Seconds API Management reuses an allow decision.')
@minValue(1)
@maxValue(300)
param apimCacheSeconds int = 30

var suffix = uniqueString(resourceGroup().id, namePrefix)
var functionAppName = '${namePrefix}-func-${suffix}'
var planName = '${namePrefix}-plan-${suffix}'
var storageAccountName = take(toLower('st${replace(namePrefix, '-', '')}${suffix}'), 24)
var vaultName = take('${namePrefix}-kv-${suffix}', 24)
var workspaceName = '${namePrefix}-logs-${suffix}'
var appInsightsName = '${namePrefix}-ai-${suffix}'
var apimName = '${namePrefix}-apim-${suffix}'
var deploymentContainerName = 'deployment-package'
var bootstrap = !empty(bootstrapUserName) && (!empty(bootstrapPassword) || bootstrapPasswordInVault)

module monitoring 'modules/monitoring.bicep' = {
  name: 'gatehouse-monitoring'
  params: {
    location: location
    workspaceName: workspaceName
    appInsightsName: appInsightsName
    retentionInDays: logRetentionInDays
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'gatehouse-storage'
  params: {
    location: location
    storageAccountName: storageAccountName
    skuName: storageSkuName
    deploymentContainerName: deploymentContainerName
    tableNames: [for tableName in tableNames: '${tablePrefix}${tableName}']
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'gatehouse-keyvault'
  params: {
    location: location
    vaultName: vaultName
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
    portalSsoSecret: portalSsoSecret
    tokenKey: tokenKey
    mfaKey: mfaKey
    bootstrapPassword: bootstrapPassword
    tags: tags
  }
}

// Gatehouse's configuration (Gatehouse:* keys; "__" is the section separator in app settings).
var gatehouseSettings = union(
  {
    Gatehouse__Storage__TableEndpoint: 'https://${storageAccountName}.table.${environment().suffixes.storage}'
    Gatehouse__KeyVault__Uri: keyVault.outputs.vaultUri
  },
  empty(tablePrefix) ? {} : { Gatehouse__Storage__TablePrefix: tablePrefix },
  // Behind API Management every authorize call comes from APIM's own addresses (the Functions front end appends
  // them to X-Forwarded-For, and the Consumption tier has no fixed ones to trust): regulating per address would
  // ban APIM, and with it everyone's password sign-in. Logins are still regulated.
  deployApim ? { Gatehouse__Regulation__PerAddress: 'false' } : {},
  // The bootstrap administrator's settings come as a whole or not at all: outside Development the
  // app refuses to start with a user name but no password, and once the administrator exists
  // (first start) later deployments may leave them out. The password is a Key Vault reference,
  // resolved by the platform with the app's identity.
  bootstrap
    ? union(
        {
          Gatehouse__Bootstrap__UserName: bootstrapUserName
          Gatehouse__Bootstrap__Password: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.vaultUri}secrets/bootstrap-password)'
        },
        empty(bootstrapEmail) ? {} : { Gatehouse__Bootstrap__Email: bootstrapEmail }
      )
    : {}
)

module functionApp 'modules/functionapp.bicep' = {
  name: 'gatehouse-functionapp'
  params: {
    location: location
    planName: planName
    functionAppName: functionAppName
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${storage.outputs.deploymentContainerName}'
    appInsightsConnectionString: monitoring.outputs.connectionString
    runtimeVersion: runtimeVersion
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    gatehouseSettings: gatehouseSettings
    tags: tags
  }
}

module roles 'modules/roles.bicep' = {
  name: 'gatehouse-roles'
  params: {
    principalId: functionApp.outputs.principalId
    functionAppName: functionAppName
    // Names known at the start of the deployment keep What-If precise; the principalId above
    // already orders this module after the app, and so after storage, vault and monitoring.
    storageAccountName: storageAccountName
    vaultName: vaultName
    appInsightsName: appInsightsName
    operatorPrincipalId: operatorPrincipalId
    operatorPrincipalType: operatorPrincipalType
  }
}

module apim 'modules/apim.bicep' = if (deployApim) {
  name: 'gatehouse-apim'
  params: {
    location: location
    apimName: apimName
    skuName: apimSkuName
    publisherEmail: apimPublisherEmail
    publisherName: apimPublisherName
    functionAppName: functionAppName
    backendUrl: apimBackendUrl
    apiPath: apimApiPath
    cacheSeconds: apimCacheSeconds
    tags: tags
  }
  dependsOn: [
    functionApp
  ]
}

var functionBaseUrl = 'https://${functionApp.outputs.defaultHostName}'

@description('Name of the function app (az functionapp ... --name).')
output functionAppName string = functionApp.outputs.name

@description('Default host name of the function app.')
output functionAppHostName string = functionApp.outputs.defaultHostName

@description('Base URL of the functions (host.json routePrefix is empty).')
output functionBaseUrl string = functionBaseUrl

@description('URL of the authorize function for gateways; it needs a function key (x-functions-key).')
output authorizeUrl string = '${functionBaseUrl}/authorize'

@description('Key Vault URI (Gatehouse:KeyVault:Uri).')
output keyVaultUri string = keyVault.outputs.vaultUri

@description('Name of the Key Vault (az keyvault secret set --vault-name).')
output keyVaultName string = keyVault.outputs.name

@description('Name of the storage account.')
output storageAccountName string = storage.outputs.name

@description('Base URL of the Gatehouse-protected API on API Management; empty when deployApim is false.')
output apimApiUrl string = deployApim ? apim!.outputs.apiUrl : ''
