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
    ApiError error;
    static const QUrl requestUrl(QStringLiteral("https://api.segmind.com/v1/happyhorse-1.1"));
    if (const auto accepted = ApiResponses::parseSubmit(body, requestUrl, &error))
        (void)accepted->statusUrl.toString();
    if (const auto report = ApiResponses::parseJob(body, &error)) {
        (void)report->isTerminal();
        (void)report->output.toString();
    }
    if (const auto credits = ApiResponses::parseCredits(body, &error))
        (void)credits->totalCents();
    // The output field on its own, as any JSON value rather than only inside an object.
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (document.isArray())
        (void)ApiResponses::outputUrl(QJsonValue(document.array()));
    return 0;
}
