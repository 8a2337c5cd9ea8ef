global using RefundCluster.Domain.Common;
global using RefundCluster.Domain.Orders;
global using RefundCluster.Domain.Policies;
global using RefundCluster.Domain.Refunds;
global using RefundCluster.Domain.Tests.Support;
