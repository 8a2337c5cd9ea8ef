global using Microsoft.Playwright;
global using RefundCluster.Browser.Tests.Infrastructure;
global using RefundCluster.Tests.Shared;
global using Xunit;
global using static Microsoft.Playwright.Assertions;
