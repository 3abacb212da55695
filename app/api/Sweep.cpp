#include "api/Sweep.h"

#include "api/PromptLength.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>

#include <functional>

using namespace Qt::StringLiterals;

namespace {

using Kind = SweepAxis::Kind;
using Mode = GenerationRequest::Mode;

struct KindName
{
    Kind kind;
    const char16_t *singular;
    const char16_t *plural;
};

constexpr KindName kKindNames[] = {
    {Kind::Seed, u"seed", u"seeds"},
    {Kind::Duration, u"duration", u"durations"},
    {Kind::Resolution, u"resolution", u"resolutions"},
    {Kind::AspectRatio, u"aspect ratio", u"aspect ratios"},
    {Kind::Mode, u"mode", u"modes"},
    {Kind::Prompt, u"prompt", u"prompts"},
};

QString lowerName(Kind kind, bool plural)
{
    for (const KindName &entry : kKindNames) {
        if (entry.kind == kind)
            return QString::fromUtf16(plural ? entry.plural : entry.singular);
    }
    return {};
}

SweepAxis axisOf(Kind kind)
{
    SweepAxis axis;
    axis.kind = kind;
    return axis;
}

bool isAspect(qint64 value)
{
    return allAspectRatios().contains(AspectRatio(value));
}

// The label of a number value, or empty when the value is none of its kind's.
QString numberLabel(Kind kind, qint64 value)
{
    switch (kind) {
    case Kind::Seed:
        return u"Seed %1"_s.arg(value);
    case Kind::Duration:
        return u"%1 s"_s.arg(value);
    case Kind::Resolution:
        if (value == qint64(Pricing::Resolution::P720) || value == qint64(Pricing::Resolution::P1080))
            return Pricing::resolutionName(Pricing::Resolution(value));
        return {};
    case Kind::AspectRatio:
        return isAspect(value) ? aspectRatioName(AspectRatio(value)) : QString();
    case Kind::Mode:
        if (value == qint64(Mode::ImageToVideo) || value == qint64(Mode::ReferenceToVideo))
            return GenerationRequest::modeName(Mode(value));
        return {};
    case Kind::Prompt:
        break;
    }
    return {};
}

QStringList splitList(const QString &text)
{
    static const QRegularExpression separators(u"[,;\\s]+"_s);
    return text.split(separators, Qt::SkipEmptyParts);
}

QString valueProblem(Kind kind, qint64 value)
{
    switch (kind) {
    case Kind::Seed:
        if (value < 0 || value > GenerationRequest::kMaxSeed)
            return u"The seed %1 is outside 0 to %2. Use whole numbers in that range."_s.arg(
                groupThousands(value), groupThousands(GenerationRequest::kMaxSeed));
        return {};
    case Kind::Duration:
        if (value < GenerationRequest::kMinDurationSeconds || value > GenerationRequest::kMaxDurationSeconds)
            return u"A clip can last %1 to %2 seconds, not %3. Use lengths in that range."_s.arg(
                QString::number(GenerationRequest::kMinDurationSeconds),
                QString::number(GenerationRequest::kMaxDurationSeconds), QString::number(value));
        return {};
    case Kind::Resolution:
    case Kind::AspectRatio:
    case Kind::Mode:
        if (numberLabel(kind, value).isEmpty())
            return u"One of the %1 is not one the service knows. Choose again."_s.arg(lowerName(kind, true));
        return {};
    case Kind::Prompt:
        break;
    }
    return {};
}

SweepAxis numberAxis(Kind kind, const QList<qint64> &values)
{
    SweepAxis axis = axisOf(kind);
    axis.numbers = values;
    for (const qint64 value : values)
        axis.labels.append(numberLabel(kind, value));
    return axis;
}

template <typename Enum> QList<qint64> enumValues(const QList<Enum> &values)
{
    QList<qint64> numbers;
    for (const Enum value : values)
        numbers.append(qint64(value));
    return numbers;
}

// Whole numbers separated by commas or spaces. On a word that is none, or no word at all: no numbers and *error.
QList<qint64> parseNumbers(const QString &text, const std::function<QString(const QString &)> &notANumber,
                           const QString &nothing, QString *error)
{
    QList<qint64> values;
    for (const QString &word : splitList(text)) {
        bool ok = false;
        const qint64 value = word.toLongLong(&ok);
        if (!ok) {
            *error = notANumber(word);
            return {};
        }
        values.append(value);
    }
    if (values.isEmpty())
        *error = nothing;
    else
        error->clear();
    return values;
}

// What is wrong with a cell's request that does not need its image files: the checks a plan can make on the GUI
// thread at every keystroke. The images themselves were checked by the form the base request came from.
QString settingsProblem(const GenerationRequest &request)
{
    if (!request.mode())
        return u"Mode: choose image-to-video or reference-to-video in the form, or vary the mode: this request has "
               "both a first frame and reference images, and only one of them can be sent."_s;
    GenerationRequest settings = request;
    settings.firstFrame = {};
    settings.references.clear();
    for (const RequestProblem &problem : settings.validate()) {
        if (problem.isError())
            return problem.fieldLabel() + u": "_s + problem.message;
    }
    return {};
}

} // namespace

void SweepAxis::apply(qsizetype index, GenerationRequest *request) const
{
    if (kind == Kind::Prompt) {
        request->prompt = prompts.at(index);
        return;
    }
    const qint64 value = numbers.at(index);
    switch (kind) {
    case Kind::Seed:
        request->seed = value;
        break;
    case Kind::Duration:
        request->durationSeconds = int(value);
        break;
    case Kind::Resolution:
        request->resolution = Pricing::Resolution(value);
        break;
    case Kind::AspectRatio:
        request->aspect = AspectRatio(value);
        break;
    case Kind::Mode:
        request->modeChoice = Mode(value) == Mode::ImageToVideo ? GenerationRequest::ModeChoice::ImageToVideo
                                                                : GenerationRequest::ModeChoice::ReferenceToVideo;
        break;
    case Kind::Prompt:
        break;
    }
}

QString SweepAxis::problem() const
{
    if (size() == 0)
        return u"Choose at least one %1 to try."_s.arg(lowerName(kind, false));
    if (kind == Kind::Prompt) {
        for (qsizetype i = 0; i < prompts.size(); ++i) {
            if (prompts.at(i).trimmed().isEmpty())
                return u"Prompt %1 is empty. Write it, or remove it."_s.arg(i + 1);
            for (qsizetype j = 0; j < i; ++j) {
                if (prompts.at(j).trimmed() == prompts.at(i).trimmed())
                    return u"Prompts %1 and %2 are the same, so their clips would be too. Remove one."_s.arg(
                        QString::number(j + 1), QString::number(i + 1));
            }
        }
        return {};
    }
    QSet<qint64> seen;
    for (const qint64 value : numbers) {
        if (const QString problem = valueProblem(kind, value); !problem.isEmpty())
            return problem;
        if (seen.contains(value))
            return u"%1 is listed twice, so two clips would be the same. Remove one."_s.arg(numberLabel(kind, value));
        seen.insert(value);
    }
    return {};
}

QString SweepAxis::kindName(Kind kind)
{
    QString name = lowerName(kind, false);
    name[0] = name.at(0).toUpper();
    return name;
}

QString SweepAxis::countText(Kind kind, qsizetype count)
{
    return u"%1 %2"_s.arg(QString::number(count), lowerName(kind, count != 1));
}

QList<SweepAxis::Kind> SweepAxis::allKinds()
{
    QList<Kind> kinds;
    for (const KindName &entry : kKindNames)
        kinds.append(entry.kind);
    return kinds;
}

SweepAxis SweepAxis::seeds(const QList<qint64> &values)
{
    return numberAxis(Kind::Seed, values);
}

SweepAxis SweepAxis::randomSeeds(int count, QRandomGenerator *generator, const QList<qint64> &keep)
{
    QList<qint64> values = keep.mid(0, qMax(0, count));
    while (values.size() < count) {
        const qint64 seed = generator->bounded(qint64(0), GenerationRequest::kMaxSeed + 1);
        // Two equal seeds would make the same clip twice.
        if (!values.contains(seed))
            values.append(seed);
    }
    return seeds(values);
}

SweepAxis SweepAxis::durations(const QList<int> &seconds)
{
    return numberAxis(Kind::Duration, QList<qint64>(seconds.cbegin(), seconds.cend()));
}

SweepAxis SweepAxis::resolutions(const QList<Pricing::Resolution> &values)
{
    return numberAxis(Kind::Resolution, enumValues(values));
}

SweepAxis SweepAxis::aspectRatios(const QList<AspectRatio> &values)
{
    return numberAxis(Kind::AspectRatio, enumValues(values));
}

SweepAxis SweepAxis::modes(const QList<GenerationRequest::Mode> &values)
{
    return numberAxis(Kind::Mode, enumValues(values));
}

SweepAxis SweepAxis::promptList(const QStringList &values)
{
    SweepAxis axis = axisOf(Kind::Prompt);
    axis.prompts = values;
    for (qsizetype i = 0; i < values.size(); ++i)
        axis.labels.append(u"Prompt %1"_s.arg(i + 1));
    return axis;
}

SweepAxis SweepAxis::promptExpansions(const QList<PromptExpansion> &expansions)
{
    SweepAxis axis = axisOf(Kind::Prompt);
    for (const PromptExpansion &expansion : expansions) {
        axis.prompts.append(expansion.prompt);
        axis.labels.append(expansion.label.isEmpty() ? u"Prompt %1"_s.arg(axis.prompts.size()) : expansion.label);
    }
    return axis;
}

SweepAxis SweepAxis::parseSeeds(const QString &text, QString *error)
{
    const auto notASeed = [](const QString &word) {
        return u"“%1” is not a seed: write whole numbers from 0 to %2, separated by commas, like 7, 42, 1234."_s.arg(
            word, groupThousands(GenerationRequest::kMaxSeed));
    };
    return numberAxis(Kind::Seed, parseNumbers(text, notASeed, u"Write at least one seed, like 7, 42, 1234."_s, error));
}

SweepAxis SweepAxis::parseDurations(const QString &text, QString *error)
{
    const auto notSeconds = [](const QString &word) {
        return u"“%1” is not a number of seconds: write lengths from %2 to %3, separated by commas, like 5, 10, "
               "15."_s.arg(word, QString::number(GenerationRequest::kMinDurationSeconds),
                           QString::number(GenerationRequest::kMaxDurationSeconds));
    };
    return numberAxis(Kind::Duration, parseNumbers(text, notSeconds,
                                                   u"Write at least one length in seconds, like 5, 10, 15."_s, error));
}

SweepAxis SweepAxis::parsePromptLines(const QString &text, QString *error)
{
    const QStringList lines = text.split(u'\n');
    qsizetype filled = 0;
    for (const QString &line : lines)
        filled += line.trimmed().isEmpty() ? 0 : 1;

    SweepAxis axis = axisOf(Kind::Prompt);
    int number = 0; // of the non-blank line, from 1
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        ++number;
        const PromptVariantsResult result = PromptVariants::expand(line);
        if (!result.ok()) {
            *error = filled > 1 ? u"Line %1: %2"_s.arg(QString::number(i + 1), result.error) : result.error;
            return axisOf(Kind::Prompt);
        }
        for (const PromptExpansion &expansion : result.expansions) {
            axis.prompts.append(expansion.prompt);
            QString label = expansion.label.isEmpty() ? u"Prompt %1"_s.arg(number) : expansion.label;
            // With several lines, a line's alternatives say which line they vary.
            if (filled > 1 && !expansion.label.isEmpty())
                label = u"%1: %2"_s.arg(QString::number(number), expansion.label);
            axis.labels.append(label);
        }
    }
    if (axis.prompts.isEmpty()) {
        *error = u"Write at least one prompt, one per line, or alternatives like “a {red|blue} fox”."_s;
        return axis;
    }
    error->clear();
    return axis;
}

SweepPlan::SweepPlan() : m_error(u"Choose what to vary."_s) {}

SweepPlan::SweepPlan(const GenerationRequest &base, const SweepAxis &columns, const std::optional<SweepAxis> &rows)
    : m_base(base), m_columns(columns), m_rows(rows)
{
    const qsizetype rowCount = rows ? rows->size() : 1;
    const bool sameKind = rows && rows->kind == columns.kind;
    if (!sameKind && columns.size() * rowCount <= kMaxJobs) {
        for (qsizetype row = 0; row < rowCount; ++row) {
            for (qsizetype column = 0; column < columns.size(); ++column) {
                SweepCell cell;
                cell.request = base;
                columns.apply(column, &cell.request);
                if (rows)
                    rows->apply(row, &cell.request);
                cell.row = int(row);
                cell.column = int(column);
                cell.columnLabel = columns.labels.value(column);
                cell.rowLabel = rows ? rows->labels.value(row) : QString();
                m_cells.append(cell);
            }
        }
    }
    m_error = check();
}

QString SweepPlan::check() const
{
    if (m_rows && m_rows->kind == m_columns.kind)
        return u"Both axes vary the %1. Choose something else for the second axis, or none."_s.arg(
            lowerName(m_columns.kind, false));

    QList<const SweepAxis *> axes{&m_columns};
    if (m_rows)
        axes.append(&*m_rows);
    for (const SweepAxis *axis : std::as_const(axes)) {
        if (const QString problem = axis->problem(); !problem.isEmpty())
            return problem;
    }

    const auto findAxis = [&](Kind kind) -> const SweepAxis * {
        for (const SweepAxis *axis : std::as_const(axes)) {
            if (axis->kind == kind)
                return axis;
        }
        return nullptr;
    };
    const bool hasFirstFrame = !m_base.firstFrame.isEmpty();
    const bool hasReferences = m_base.hasReferences();
    if (findAxis(Kind::Mode) && !(hasFirstFrame && hasReferences)) {
        const QString has = hasFirstFrame   ? u"only a first frame"_s
                            : hasReferences ? u"only reference images"_s
                                            : u"neither"_s;
        return u"Varying the mode needs both a first frame and reference images; this request has %1. Add the "
               "other kind of image in the form, or vary something else."_s.arg(has);
    }
    // In image-to-video the service takes the shape from the first frame and Paddock does not send a ratio, so an
    // aspect sweep there would send the same request several times.
    if (findAxis(Kind::AspectRatio)) {
        const SweepAxis *modes = findAxis(Kind::Mode);
        if (modes && modes->numbers.contains(qint64(Mode::ImageToVideo)))
            return u"In image-to-video the first frame sets the shape, so the aspect ratio cannot be varied with "
                   "it. Vary the aspect ratio with reference-to-video only, or vary something else."_s;
        if (!modes && m_base.mode() == Mode::ImageToVideo)
            return u"In image-to-video the first frame sets the shape, so the aspect ratio cannot be varied. "
                   "Remove the first frame to vary it, or vary something else."_s;
    }

    const qsizetype count = m_columns.size() * (m_rows ? m_rows->size() : 1);
    if (count > kMaxJobs)
        return u"This sweep makes %1 clips; a sweep is limited to %2. Remove values from an axis."_s.arg(
            QString::number(count), QString::number(kMaxJobs));

    for (qsizetype i = 0; i < m_cells.size(); ++i) {
        const SweepCell &cell = m_cells.at(i);
        if (const QString problem = settingsProblem(cell.request); !problem.isEmpty()) {
            QStringList where{cell.columnLabel};
            if (!cell.rowLabel.isEmpty())
                where.append(cell.rowLabel);
            return u"Clip %1 (%2) — %3"_s.arg(QString::number(i + 1), where.join(u" · "_s), problem);
        }
    }
    return {};
}

QList<GenerationRequest> SweepPlan::requests() const
{
    QList<GenerationRequest> list;
    for (const SweepCell &cell : m_cells)
        list.append(cell.request);
    return list;
}

int SweepPlan::columnCount() const
{
    return int(m_columns.size());
}

int SweepPlan::rowCount() const
{
    return m_rows ? int(m_rows->size()) : 1;
}

qint64 SweepPlan::totalCents() const
{
    qint64 total = 0;
    for (const SweepCell &cell : m_cells)
        total += cell.request.costCents();
    return total;
}

QString SweepPlan::description() const
{
    QString text = SweepAxis::countText(m_columns.kind, m_columns.size());
    if (m_rows)
        text += u" × "_s + SweepAxis::countText(m_rows->kind, m_rows->size());
    const qsizetype count = m_columns.size() * (m_rows ? m_rows->size() : 1);
    text += u" = %1 %2"_s.arg(QString::number(count), count == 1 ? u"clip"_s : u"clips"_s);
    if (!m_cells.isEmpty())
        text += u", "_s + Pricing::formatCents(totalCents());
    return text;
}
