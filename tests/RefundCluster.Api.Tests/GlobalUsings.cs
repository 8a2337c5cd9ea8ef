global using System.Net;
global using System.Text.Json;
global using System.Text.Json.Nodes;
global using RefundCluster.Api.Tests.Infrastructure;
global using RefundCluster.Testing;
