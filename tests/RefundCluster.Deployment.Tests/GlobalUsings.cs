global using RefundCluster.Deployment.Tests.Infrastructure;
global using Xunit;
