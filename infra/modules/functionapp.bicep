// Linux Flex Consumption plan (FC1) and the Gatehouse function app: a .NET isolated worker
// (SPEC §1.1) deployed from a blob container with its system-assigned identity. The app
// settings carry no connection strings or keys: storage, Key Vault and Application Insights
// are all reached with the managed identity.

@description('Azure region for the plan and the app.')
param location string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Globally unique name of the function app (its host name is <name>.azurewebsites.net).')
param functionAppName string

@description('Storage account used as identity-based host storage (AzureWebJobsStorage).')
param storageAccountName string

@description('URL of the blob container the package is deployed to, e.g. https://<account>.blob.core.windows.net/<container>.')
param deploymentContainerUrl string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('Flex Consumption runtime version for runtime name "dotnet-isolated", e.g. 10.0.')
param runtimeVersion string

@description('Upper bound on instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Gatehouse\'s own settings (Gatehouse__*), merged after the host settings.')
param gatehouseSettings object

@description('Tags applied to every resource.')
param tags object

var hostSettings = {
  // Identity-based host storage: no AzureWebJobsStorage connection string.
  AzureWebJobsStorage__accountName: storageAccountName
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  // Telemetry is sent with the system-assigned identity (local auth is disabled).
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
  // A 16 MB gen0 budget for the worker: workstation GC sizes gen0 from the L3 cache, which cloud VMs report as
  // hundreds of MB, and an authorizer's garbage is short-lived request state. Peak working set under load
  // 241 -> 151 MB, throughput unchanged (bench/RESULTS.md, issue #11 item 7).
  DOTNET_GCgen0size: '0x1000000'
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: functionAppName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: map(items(union(hostSettings, gatehouseSettings)), setting => {
        name: setting.key
        value: setting.value
      })
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: runtimeVersion
      }
    }
  }
}

@description('Name of the function app.')
output name string = functionApp.name

@description('Default host name, e.g. <app>.azurewebsites.net.')
output defaultHostName string = functionApp.properties.defaultHostName

@description('Object id of the system-assigned identity.')
output principalId string = functionApp.identity.principalId
