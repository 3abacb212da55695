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
    if (validation.ok()) {
        (void)validation.request.costCents();
        (void)validation.request.modeName();
    }
    return 0;
}
