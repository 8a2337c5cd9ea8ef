// One real host (the built Silo executable, time scale 1) and one headless Chromium for the whole assembly.
[assembly: AssemblyFixture(typeof(BrowserHost))]
