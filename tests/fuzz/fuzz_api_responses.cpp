// Fuzzes the readers of the service's JSON answers (submit, job status and result, balance) with arbitrary bytes.
#include "FuzzSupport.h"

#include "api/ApiResponses.h"

#include <QJsonArray>
#include <QJsonDocument>

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    FuzzSupport::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = FuzzSupport::view(data, size);
    static const QUrl requestUrl(QStringLiteral("https://api.segmind.com/v1/happyhorse-1.1"));

    // Each reader gives a value or says why not, never both and never neither.
    ApiError error;
    if (const auto accepted = ApiResponses::parseSubmit(body, requestUrl, &error)) {
        FUZZ_PROMISE(!accepted->requestId.isEmpty());
        FUZZ_PROMISE(accepted->statusUrl.isValid() || accepted->responseUrl.isValid() || accepted->pollUrl.isValid());
    } else {
        FUZZ_PROMISE(error.kind == ApiError::Kind::MalformedResponse);
    }

    error = ApiError();
    if (const auto report = ApiResponses::parseJob(body, &error)) {
        FUZZ_PROMISE(!report->rawStatus.isEmpty());
        FUZZ_PROMISE(report->state != JobReport::State::Failed || !report->error.isEmpty());
        // A relative output (a bare path) is kept on purpose, for the queue to refuse in words; an output is
        // never an invalid address.
        FUZZ_PROMISE(report->output.isEmpty() || report->output.isValid());
    } else {
        FUZZ_PROMISE(error.kind == ApiError::Kind::MalformedResponse);
    }

    error = ApiError();
    if (const auto credits = ApiResponses::parseCredits(body, &error))
        (void)credits->totalCents();
    else
        FUZZ_PROMISE(error.kind == ApiError::Kind::MalformedResponse);

    // The output field on its own, as any JSON value rather than only inside an object.
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (document.isArray()) {
        const QUrl output = ApiResponses::outputUrl(QJsonValue(document.array()));
        FUZZ_PROMISE(output.isEmpty() || output.isValid()); // relative ones too: the queue refuses them in words
    }
    return 0;
}
