import HudrelayCLI

await Hudrelay.runMain()
