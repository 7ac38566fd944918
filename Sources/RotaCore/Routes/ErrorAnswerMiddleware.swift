import Hummingbird

/// Answers every error a route throws as `APIError(answering:)` says: the one place where errors
/// become statuses, so that no route maps an error itself.
struct ErrorAnswerMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError where !(error is any APIRefusal) {
            throw error
        } catch {
            throw APIError(answering: error)
        }
    }
}
