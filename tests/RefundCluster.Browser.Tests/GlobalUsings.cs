global using System.Text.Json.Nodes;
global using Microsoft.Playwright;
global using RefundCluster.Browser.Tests.Infrastructure;
global using RefundCluster.Testing;
global using static Microsoft.Playwright.Assertions;
