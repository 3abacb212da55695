// Fuzzes the simulator's check of a submit body (JSON, data URIs, embedded images), which faces whatever a client
// on the network sends.
#include "FuzzSupport.h"

#include "sim/SimValidator.h"

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    FuzzSupport::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const SimValidation validation = SimValidator::validate(FuzzSupport::view(data, size));
    if (!validation.ok()) {
        FUZZ_PROMISE(validation.httpStatus == 400 || validation.httpStatus == 406);
        FUZZ_PROMISE(!validation.error.isEmpty());
        return 0;
    }
    // A request that passed is one the renderer can run: every value within the contract's ranges.
    const SimJobRequest &r = validation.request;
    FUZZ_PROMISE(!r.prompt.trimmed().isEmpty() && r.prompt.size() <= SimValidator::kMaxPromptCharacters);
    FUZZ_PROMISE(r.durationSeconds >= 3 && r.durationSeconds <= 15);
    FUZZ_PROMISE(!r.seed || (*r.seed >= 0 && *r.seed <= 2147483647));
    FUZZ_PROMISE(r.images.size() <= SimValidator::kMaxReferences);
    FUZZ_PROMISE((r.mode == SimJobRequest::Mode::TextToVideo) == r.images.isEmpty());
    FUZZ_PROMISE(r.mode != SimJobRequest::Mode::ImageToVideo || r.images.size() == 1);
    for (const SimImage &image : r.images)
        FUZZ_PROMISE(!image.url.isEmpty() || (!image.bytes.isEmpty() && image.size.isValid()));
    const int shortSide = r.is1080 ? 1080 : 720;
    FUZZ_PROMISE(qMin(r.outputSize.width(), r.outputSize.height()) == shortSide);
    FUZZ_PROMISE(r.outputSize.width() % 2 == 0 && r.outputSize.height() % 2 == 0);
    FUZZ_PROMISE(qMax(r.outputSize.width(), r.outputSize.height()) <= shortSide * 5 / 2 + 2);
    FUZZ_PROMISE(r.costCents() > 0);
    return 0;
}
