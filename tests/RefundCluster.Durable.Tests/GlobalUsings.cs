global using System.Net;
global using System.Text.Json.Nodes;
global using RefundCluster.Durable.Tests.Support;
global using RefundCluster.Testing;
