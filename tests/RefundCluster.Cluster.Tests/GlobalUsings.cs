global using RefundCluster.Cluster.Tests.Support;
global using RefundCluster.Contracts;
global using RefundCluster.Contracts.Events;
global using RefundCluster.Contracts.Grains;
global using RefundCluster.Contracts.Views;
global using RefundCluster.Domain.Common;
global using RefundCluster.Domain.Refunds;
