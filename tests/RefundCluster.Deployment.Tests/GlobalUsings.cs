global using RefundCluster.Deployment.Tests.Infrastructure;
