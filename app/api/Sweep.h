#pragma once

#include "api/GenerationRequest.h"
#include "api/PromptVariants.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <optional>

class QRandomGenerator;

// One thing a sweep varies, and the values it takes. Values are kept as numbers (seeds, seconds, or the enum
// values of Pricing::Resolution, AspectRatio and GenerationRequest::Mode) or as whole prompts, each with the
// short label the grid shows.
struct SweepAxis final
{
    enum class Kind
    {
        Seed,
        Duration,
        Resolution,
        AspectRatio,
        Mode,
        Prompt
    };

    Kind kind = Kind::Seed;
    QList<qint64> numbers; // every kind but Prompt
    QStringList prompts;   // Prompt only
    QStringList labels;    // one per value

    qsizetype size() const { return kind == Kind::Prompt ? prompts.size() : numbers.size(); }
    // The base request with this axis's value at index set.
    void apply(qsizetype index, GenerationRequest *request) const;
    // What is wrong with the values whatever the request (none, duplicates, out of range); empty when nothing.
    QString problem() const;

    // "Seed", "Duration", "Resolution", "Aspect ratio", "Mode", "Prompt": for choosing an axis.
    static QString kindName(Kind kind);
    // "3 seeds", "1 duration", "2 aspect ratios": for describing a sweep.
    static QString countText(Kind kind, qsizetype count);
    static QList<Kind> allKinds();

    static SweepAxis seeds(const QList<qint64> &values);
    // count distinct seeds from 0 to GenerationRequest::kMaxSeed, drawn now so that the plan shows them and a retry
    // sends the same ones. The first seeds of keep are kept (up to count), so that asking for one more seed in a
    // dialog adds one rather than redrawing all.
    static SweepAxis randomSeeds(int count, QRandomGenerator *generator, const QList<qint64> &keep = {});
    static SweepAxis durations(const QList<int> &seconds);
    static SweepAxis resolutions(const QList<Pricing::Resolution> &values);
    static SweepAxis aspectRatios(const QList<AspectRatio> &values);
    // ImageToVideo and ReferenceToVideo: sets the request's modeChoice.
    static SweepAxis modes(const QList<GenerationRequest::Mode> &values);
    // Whole prompts, labelled "Prompt 1", "Prompt 2"…
    static SweepAxis promptList(const QStringList &values);
    static SweepAxis promptExpansions(const QList<PromptExpansion> &expansions);

    // Comma- or space-separated lists as typed in the sweep dialog. On a problem: an axis with no values and *error
    // set in plain words.
    static SweepAxis parseSeeds(const QString &text, QString *error);
    static SweepAxis parseDurations(const QString &text, QString *error);
    // One prompt per non-blank line; each line may use inline alternatives (PromptVariants), expanded in order.
    static SweepAxis parsePromptLines(const QString &text, QString *error);
};

// One clip of a sweep: its request and where it sits in the grid.
struct SweepCell final
{
    GenerationRequest request;
    QString columnLabel;
    QString rowLabel; // empty when the sweep has one axis
    int row = 0;
    int column = 0;
};

// A base request varied along one axis (the columns) or two (the second gives the rows), as the clips to send.
// Cells are in row-major order: row 0 from left to right, then row 1… Values an axis does not vary stay as in the
// base request (a fixed seed stays fixed, so that an aspect sweep compares like with like).
class SweepPlan final
{
public:
    static constexpr int kMaxJobs = 24;
    static_assert(kMaxJobs == PromptVariants::kMaxExpansions);

    SweepPlan(); // no cells, and an error saying so
    SweepPlan(const GenerationRequest &base, const SweepAxis &columns, const std::optional<SweepAxis> &rows = {});

    bool isValid() const { return m_error.isEmpty(); }
    // The first thing that keeps the plan from being sent, in plain words; empty when it can be.
    QString error() const { return m_error; }

    const GenerationRequest &base() const { return m_base; }
    const SweepAxis &columnAxis() const { return m_columns; }
    const std::optional<SweepAxis> &rowAxis() const { return m_rows; }

    // Built even when the plan is invalid, so that a preview can show it; empty when over kMaxJobs or the two axes
    // are of one kind.
    const QList<SweepCell> &cells() const { return m_cells; }
    QList<GenerationRequest> requests() const;
    int columnCount() const;
    int rowCount() const;
    qsizetype jobCount() const { return m_cells.size(); }
    qint64 totalCents() const;

    // "3 seeds × 2 aspect ratios = 6 clips, $4.20"; "3 seeds = 3 clips, $2.10".
    QString description() const;

private:
    QString check() const;

    GenerationRequest m_base;
    SweepAxis m_columns;
    std::optional<SweepAxis> m_rows;
    QList<SweepCell> m_cells;
    QString m_error;
};
