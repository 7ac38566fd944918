import RotaCLI

/// The `rota` executable: every command lives in `RotaCLI`.
@main
enum RotaMain {
    static func main() async {
        await RotaCommand.main()
    }
}
