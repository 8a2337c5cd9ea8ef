global using System.Text.Json.Nodes;
global using Microsoft.Playwright;
global using RefundCluster.Api.Tests.Infrastructure;
global using RefundCluster.Browser.Tests.Infrastructure;
global using RefundCluster.Tests.Shared;
global using Xunit;
global using static Microsoft.Playwright.Assertions;
