// One real host (the built Silo executable, time scale 1) for the whole assembly.
[assembly: AssemblyFixture(typeof(ClientHost))]
