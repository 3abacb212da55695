#include "SweepDialog.h"

#include "UiColors.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QStackedWidget>
#include <QScreen>
#include <QTableWidget>
#include <QVBoxLayout>

#include <functional>

using namespace Qt::StringLiterals;

using Kind = SweepAxis::Kind;

namespace {

constexpr int kDefaultRandomSeeds = 3;

// A layout on a page of the axis editor: the group box around it already has margins.
template <typename Layout> Layout *flatLayout(QWidget *page)
{
    auto *layout = new Layout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    return layout;
}

// A row of check boxes, one per value, named "<axis> <value label>" for screen readers and tests.
QList<QCheckBox *> addChoices(QWidget *page, const QString &axisName, const QStringList &labels,
                              const QList<bool> &checked, const std::function<void()> &changed)
{
    auto *layout = flatLayout<QHBoxLayout>(page);
    QList<QCheckBox *> boxes;
    for (qsizetype i = 0; i < labels.size(); ++i) {
        auto *box = new QCheckBox(labels.at(i), page);
        box->setAccessibleName(axisName + u' ' + labels.at(i));
        box->setChecked(checked.value(i));
        QObject::connect(box, &QCheckBox::toggled, page, changed);
        layout->addWidget(box);
        boxes.append(box);
    }
    layout->addStretch();
    return boxes;
}

} // namespace

// The values of one axis, with an editor page per kind; only the page of the chosen kind is shown.
class SweepAxisEditor final : public QWidget
{
public:
    SweepAxisEditor(const QString &axisName, const GenerationRequest &base, std::function<void()> changed,
                    QWidget *parent);

    void setKind(Kind kind);
    Kind kind() const { return m_kind; }
    // The axis as the editors say; on a problem an empty axis and *error in plain words.
    SweepAxis axis(QString *error) const;

private:
    QWidget *seedPage(const QString &axisName);
    QWidget *durationPage(const QString &axisName, const GenerationRequest &base);
    QWidget *promptPage(const QString &axisName, const GenerationRequest &base);

    std::function<void()> m_changed;
    Kind m_kind = Kind::Seed;
    QStackedWidget *m_pages = nullptr;
    QRadioButton *m_randomSeeds = nullptr;
    QSpinBox *m_seedCount = nullptr;
    QList<qint64> m_drawnSeeds; // kept while the count changes, so that one more seed adds one
    QLineEdit *m_seedList = nullptr;
    QLineEdit *m_durations = nullptr;
    QList<QCheckBox *> m_resolutions;
    QList<QCheckBox *> m_aspects;
    QList<QCheckBox *> m_modes;
    QPlainTextEdit *m_prompts = nullptr;
};

SweepAxisEditor::SweepAxisEditor(const QString &axisName, const GenerationRequest &base, std::function<void()> changed,
                                 QWidget *parent)
    : QWidget(parent), m_changed(std::move(changed))
{
    auto *layout = flatLayout<QVBoxLayout>(this);
    m_pages = new QStackedWidget(this);
    layout->addWidget(m_pages);

    // Pages in the order of SweepAxis::Kind.
    m_pages->addWidget(seedPage(axisName));
    m_pages->addWidget(durationPage(axisName, base));

    auto *resolutionPage = new QWidget(m_pages);
    m_resolutions = addChoices(
        resolutionPage, axisName,
        {Pricing::resolutionName(Pricing::Resolution::P720), Pricing::resolutionName(Pricing::Resolution::P1080)},
        {true, true}, m_changed);
    m_pages->addWidget(resolutionPage);

    auto *aspectPage = new QWidget(m_pages);
    QStringList aspectNames;
    QList<bool> aspectChecked;
    for (const AspectRatio aspect : allAspectRatios()) {
        aspectNames.append(aspectRatioName(aspect));
        // The request's own shape and its portrait or landscape turn: the usual "what if".
        aspectChecked.append(aspect == base.aspect || aspect == AspectRatio::R16x9 || aspect == AspectRatio::R9x16);
    }
    m_aspects = addChoices(aspectPage, axisName, aspectNames, aspectChecked, m_changed);
    m_pages->addWidget(aspectPage);

    auto *modePage = new QWidget(m_pages);
    m_modes = addChoices(modePage, axisName,
                         {GenerationRequest::modeName(GenerationRequest::Mode::ImageToVideo),
                          GenerationRequest::modeName(GenerationRequest::Mode::ReferenceToVideo)},
                         {true, true}, m_changed);
    m_pages->addWidget(modePage);

    m_pages->addWidget(promptPage(axisName, base));
}

QWidget *SweepAxisEditor::seedPage(const QString &axisName)
{
    auto *page = new QWidget(m_pages);
    auto *grid = flatLayout<QGridLayout>(page);
    m_randomSeeds = new QRadioButton(u"Random seeds:"_s, page);
    m_randomSeeds->setAccessibleName(axisName + u" random seeds"_s);
    m_randomSeeds->setChecked(true);
    m_seedCount = new QSpinBox(page);
    m_seedCount->setRange(1, SweepPlan::kMaxJobs);
    m_seedCount->setValue(kDefaultRandomSeeds);
    m_seedCount->setAccessibleName(axisName + u" random seed count"_s);
    m_seedCount->setToolTip(u"How many different random seeds to try. They are drawn now and shown in the preview, "
                            "so each clip can be made again."_s);
    auto *listed = new QRadioButton(u"These seeds:"_s, page);
    listed->setAccessibleName(axisName + u" listed seeds"_s);
    m_seedList = new QLineEdit(page);
    m_seedList->setPlaceholderText(u"7, 42, 1234"_s);
    m_seedList->setAccessibleName(axisName + u" seed list"_s);
    m_seedList->setEnabled(false);
    grid->addWidget(m_randomSeeds, 0, 0);
    grid->addWidget(m_seedCount, 0, 1);
    grid->addWidget(listed, 1, 0);
    grid->addWidget(m_seedList, 1, 1);

    m_drawnSeeds = SweepAxis::randomSeeds(m_seedCount->value(), QRandomGenerator::global()).numbers;
    connect(m_seedCount, &QSpinBox::valueChanged, this, [this](int count) {
        m_drawnSeeds = SweepAxis::randomSeeds(count, QRandomGenerator::global(), m_drawnSeeds).numbers;
        m_changed();
    });
    connect(m_randomSeeds, &QRadioButton::toggled, this, [this](bool random) {
        m_seedCount->setEnabled(random);
        m_seedList->setEnabled(!random);
        m_changed();
    });
    connect(m_seedList, &QLineEdit::textChanged, this, [this] { m_changed(); });
    return page;
}

QWidget *SweepAxisEditor::durationPage(const QString &axisName, const GenerationRequest &base)
{
    auto *page = new QWidget(m_pages);
    auto *layout = flatLayout<QHBoxLayout>(page);
    m_durations = new QLineEdit(page);
    m_durations->setAccessibleName(axisName + u" durations"_s);
    m_durations->setPlaceholderText(u"5, 10, 15"_s);
    m_durations->setToolTip(u"Lengths in seconds, from %1 to %2, separated by commas."_s.arg(
        QString::number(GenerationRequest::kMinDurationSeconds),
        QString::number(GenerationRequest::kMaxDurationSeconds)));
    const int other = base.durationSeconds == 10 ? 5 : 10;
    m_durations->setText(u"%1, %2"_s.arg(qMin(base.durationSeconds, other)).arg(qMax(base.durationSeconds, other)));
    connect(m_durations, &QLineEdit::textChanged, this, [this] { m_changed(); });
    layout->addWidget(m_durations);
    layout->addWidget(new QLabel(u"seconds"_s, page));
    return page;
}

QWidget *SweepAxisEditor::promptPage(const QString &axisName, const GenerationRequest &base)
{
    auto *page = new QWidget(m_pages);
    auto *layout = flatLayout<QVBoxLayout>(page);
    m_prompts = new QPlainTextEdit(page);
    m_prompts->setAccessibleName(axisName + u" prompts"_s);
    m_prompts->setTabChangesFocus(true);
    m_prompts->setPlaceholderText(u"One prompt per line, or alternatives like “a {red|blue} fox”"_s);
    // The recipe's prompt is the usual start; one with line breaks would read as several prompts here.
    if (!base.prompt.contains(u'\n'))
        m_prompts->setPlainText(base.prompt.trimmed());
    m_prompts->setMinimumHeight(m_prompts->fontMetrics().lineSpacing() * 4);
    m_prompts->setMaximumHeight(m_prompts->fontMetrics().lineSpacing() * 8); // the preview needs the room more
    connect(m_prompts, &QPlainTextEdit::textChanged, this, [this] { m_changed(); });
    layout->addWidget(m_prompts);
    auto *help = new QLabel(u"One prompt per line. "_s + PromptVariants::syntaxHelp(), page);
    help->setWordWrap(true);
    help->setForegroundRole(QPalette::PlaceholderText);
    help->setAccessibleName(axisName + u" prompt syntax"_s);
    layout->addWidget(help);
    return page;
}

void SweepAxisEditor::setKind(Kind kind)
{
    m_kind = kind;
    m_pages->setCurrentIndex(int(kind));
    // A stack is as tall as its tallest page; hidden pages are ignored so that check boxes take one line, not the
    // prompt box's height.
    for (int i = 0; i < m_pages->count(); ++i) {
        const QSizePolicy::Policy policy = i == int(kind) ? QSizePolicy::Preferred : QSizePolicy::Ignored;
        m_pages->widget(i)->setSizePolicy(policy, policy);
    }
}

SweepAxis SweepAxisEditor::axis(QString *error) const
{
    error->clear();
    const auto checked = [](const QList<QCheckBox *> &boxes) {
        QList<int> indexes;
        for (qsizetype i = 0; i < boxes.size(); ++i) {
            if (boxes.at(i)->isChecked())
                indexes.append(int(i));
        }
        return indexes;
    };
    switch (m_kind) {
    case Kind::Seed:
        if (m_randomSeeds->isChecked())
            return SweepAxis::seeds(m_drawnSeeds);
        return SweepAxis::parseSeeds(m_seedList->text(), error);
    case Kind::Duration:
        return SweepAxis::parseDurations(m_durations->text(), error);
    case Kind::Resolution: {
        QList<Pricing::Resolution> values;
        for (const int i : checked(m_resolutions))
            values.append(i == 0 ? Pricing::Resolution::P720 : Pricing::Resolution::P1080);
        return SweepAxis::resolutions(values);
    }
    case Kind::AspectRatio: {
        QList<AspectRatio> values;
        for (const int i : checked(m_aspects))
            values.append(allAspectRatios().at(i));
        return SweepAxis::aspectRatios(values);
    }
    case Kind::Mode: {
        QList<GenerationRequest::Mode> values;
        for (const int i : checked(m_modes))
            values.append(i == 0 ? GenerationRequest::Mode::ImageToVideo : GenerationRequest::Mode::ReferenceToVideo);
        return SweepAxis::modes(values);
    }
    case Kind::Prompt:
        return SweepAxis::parsePromptLines(m_prompts->toPlainText(), error);
    }
    return {};
}

SweepDialog::SweepDialog(const GenerationRequest &base, QWidget *parent)
    : QDialog(parent), m_base(base),
      m_sharedSeed(qint64(QRandomGenerator::global()->bounded(quint64(GenerationRequest::kMaxSeed) + 1)))
{
    setWindowTitle(u"Sweep"_s);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(u"Try one or two things several ways over the current recipe. Everything else stays "
                             "as in the form."_s,
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    const QList<Kind> kinds = applicableKinds(base);
    const auto addAxis = [&](const QString &name, QComboBox **combo, SweepAxisEditor **editor, bool optional) {
        auto *box = new QGroupBox(name, this);
        auto *form = new QFormLayout(box);
        *combo = new QComboBox(box);
        (*combo)->setAccessibleName(name);
        if (optional)
            (*combo)->addItem(u"Nothing"_s, -1);
        for (const Kind kind : kinds)
            (*combo)->addItem(SweepAxis::kindName(kind), int(kind));
        form->addRow(u"Vary:"_s, *combo);
        *editor = new SweepAxisEditor(
            name, base, [this] { rebuild(); }, box);
        form->addRow(*editor);
        layout->addWidget(box);
    };
    addAxis(u"First axis"_s, &m_firstKind, &m_first, false);
    addAxis(u"Second axis"_s, &m_secondKind, &m_second, true);

    // A prompt already written with alternatives is most likely what the user wants to sweep.
    if (PromptVariants::hasAlternatives(base.prompt))
        m_firstKind->setCurrentIndex(m_firstKind->findData(int(Kind::Prompt)));

    m_problem = new QLabel(this);
    m_problem->setAccessibleName(u"Sweep problem"_s);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(UiColors::problemStyle(m_problem->palette()));
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_problem);

    m_summary = new QLabel(this);
    m_summary->setAccessibleName(u"Sweep summary"_s);
    layout->addWidget(m_summary);

    m_preview = new QTableWidget(this);
    m_preview->setAccessibleName(u"Sweep preview"_s);
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setSelectionMode(QAbstractItemView::NoSelection);
    m_preview->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_preview->setMinimumHeight(m_preview->fontMetrics().lineSpacing() * 8);
    layout->addWidget(m_preview, 1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setAccessibleName(u"Send sweep"_s);
    m_buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(u"Cancel"_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);

    connect(m_firstKind, &QComboBox::currentIndexChanged, this, &SweepDialog::kindsChanged);
    connect(m_secondKind, &QComboBox::currentIndexChanged, this, &SweepDialog::kindsChanged);
    kindsChanged();

    // Room for the syntax help without clipping and a grid of a few columns, but never more than the screen has.
    const QSize wanted(fontMetrics().averageCharWidth() * 120, fontMetrics().lineSpacing() * 42);
    const QSize room = (parent ? parent->screen() : screen())->availableGeometry().size() * 0.9;
    resize(wanted.expandedTo(minimumSizeHint()).boundedTo(room));
}

SweepDialog::~SweepDialog() = default;

QList<Kind> SweepDialog::applicableKinds(const GenerationRequest &base)
{
    QList<Kind> kinds;
    const bool both = !base.firstFrame.isEmpty() && base.hasReferences();
    for (const Kind kind : SweepAxis::allKinds()) {
        if (kind == Kind::AspectRatio && base.mode() == GenerationRequest::Mode::ImageToVideo)
            continue;
        if (kind == Kind::Mode && !both)
            continue;
        kinds.append(kind);
    }
    return kinds;
}

void SweepDialog::kindsChanged()
{
    m_first->setKind(Kind(m_firstKind->currentData().toInt()));
    const int second = m_secondKind->currentData().toInt();
    m_second->setVisible(second >= 0);
    if (second >= 0)
        m_second->setKind(Kind(second));
    rebuild();
}

void SweepDialog::rebuild()
{
    QString error;
    const SweepAxis columns = m_first->axis(&error);
    std::optional<SweepAxis> rows;
    if (error.isEmpty() && m_secondKind->currentData().toInt() >= 0)
        rows = m_second->axis(&error);
    GenerationRequest base = m_base;
    const bool sharesSeed =
        !base.seed && columns.kind != Kind::Seed && !(rows && rows->kind == Kind::Seed);
    if (sharesSeed)
        base.seed = m_sharedSeed;
    m_plan = error.isEmpty() ? SweepPlan(base, columns, rows) : SweepPlan();
    if (error.isEmpty())
        error = m_plan.error();

    m_problem->setText(error);
    m_problem->setVisible(!error.isEmpty());
    QPushButton *send = m_buttons->button(QDialogButtonBox::Ok);
    if (m_plan.isValid()) {
        const qsizetype count = m_plan.jobCount();
        send->setText(u"Send %1 %2 — %3"_s.arg(QString::number(count), count == 1 ? u"clip"_s : u"clips"_s,
                                               Pricing::formatCents(m_plan.totalCents())));
    } else {
        send->setText(u"Send"_s);
    }
    send->setEnabled(m_plan.isValid());
    showPreview();
}

void SweepDialog::showPreview()
{
    const QList<SweepCell> &cells = m_plan.cells();
    QString summary = cells.isEmpty() ? QString() : m_plan.description();
    if (!cells.isEmpty() && !m_base.seed && m_plan.base().seed)
        summary += u" · seed %1 for every clip, so only what varies differs"_s.arg(*m_plan.base().seed);
    m_summary->setText(summary);
    m_preview->clear();
    if (cells.isEmpty()) {
        m_preview->setRowCount(0);
        m_preview->setColumnCount(0);
        return;
    }
    m_preview->setRowCount(m_plan.rowCount());
    m_preview->setColumnCount(m_plan.columnCount());
    m_preview->setHorizontalHeaderLabels(m_plan.columnAxis().labels);
    if (m_plan.rowAxis()) {
        m_preview->setVerticalHeaderLabels(m_plan.rowAxis()->labels);
        m_preview->verticalHeader()->show();
    } else {
        m_preview->verticalHeader()->hide();
    }
    for (qsizetype i = 0; i < cells.size(); ++i) {
        const SweepCell &cell = cells.at(i);
        auto *item = new QTableWidgetItem(
            u"Clip %1 · %2"_s.arg(QString::number(i + 1), Pricing::formatCents(cell.request.costCents())));
        item->setToolTip(cell.request.prompt.trimmed() + u"\n"_s + cell.request.costLine());
        m_preview->setItem(cell.row, cell.column, item);
    }
}
