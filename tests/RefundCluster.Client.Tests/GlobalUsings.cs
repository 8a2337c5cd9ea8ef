global using System.Net;
global using RefundCluster.Client.Tests.Infrastructure;
global using RefundCluster.Contracts.Views;
global using RefundCluster.Testing;
