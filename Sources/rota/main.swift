import RotaCLI

await RotaCommand.main()
