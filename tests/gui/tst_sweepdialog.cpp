// The Sweep… dialog: axes chosen through its widgets (found by accessible name), the preview grid, count and price,
// and Send refused with the problem shown.
#include "SweepDialog.h"
#include "TestRequests.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

using TestRequests::fox; // 5 s at 720P: $0.70
using TestRequests::webImage;

template <typename T> T *named(const QWidget *root, const QString &name)
{
    const QList<T *> widgets = root->findChildren<T *>();
    for (T *widget : widgets) {
        if (widget->accessibleName() == name)
            return widget;
    }
    qFatal("no widget named %s", qPrintable(name));
}

QStringList headerLabels(const QTableWidget *table, Qt::Orientation orientation)
{
    QStringList labels;
    const int count = orientation == Qt::Horizontal ? table->columnCount() : table->rowCount();
    for (int i = 0; i < count; ++i) {
        const QTableWidgetItem *item =
            orientation == Qt::Horizontal ? table->horizontalHeaderItem(i) : table->verticalHeaderItem(i);
        labels.append(item ? item->text() : QString());
    }
    return labels;
}

void choose(QComboBox *combo, const QString &text)
{
    const int index = combo->findText(text);
    QVERIFY2(index >= 0, qPrintable(text));
    combo->setCurrentIndex(index);
}

QStringList itemsOf(const QComboBox *combo)
{
    QStringList items;
    for (int i = 0; i < combo->count(); ++i)
        items.append(combo->itemText(i));
    return items;
}

} // namespace

class TstSweepDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { m_dialog = std::make_unique<SweepDialog>(fox()); }
    void cleanup() { m_dialog.reset(); }

    void startsWithThreeRandomSeeds();
    void seedListByAspectRatio();
    void promptVariantsByResolution();
    void badVariantSyntaxDisablesSend();
    void overTheLimitIsExplained();
    void sameKindTwiceIsRefused();
    void moreRandomSeedsKeepTheFirst();
    void kindsFollowTheRequest();
    void alternativesInThePromptArePicked();

private:
    QTableWidget *preview() const { return named<QTableWidget>(m_dialog.get(), u"Sweep preview"_s); }
    QPushButton *send() const { return named<QPushButton>(m_dialog.get(), u"Send sweep"_s); }
    QLabel *summary() const { return named<QLabel>(m_dialog.get(), u"Sweep summary"_s); }
    QLabel *problem() const { return named<QLabel>(m_dialog.get(), u"Sweep problem"_s); }
    QComboBox *axis(const QString &name) const { return named<QComboBox>(m_dialog.get(), name); }

    std::unique_ptr<SweepDialog> m_dialog;
};

void TstSweepDialog::startsWithThreeRandomSeeds()
{
    QCOMPARE(axis(u"First axis"_s)->currentText(), u"Seed"_s);
    QCOMPARE(axis(u"Second axis"_s)->currentText(), u"Nothing"_s);
    QCOMPARE(preview()->rowCount(), 1);
    QCOMPARE(preview()->columnCount(), 3);
    QCOMPARE(summary()->text(), u"3 seeds = 3 clips, $2.10"_s);
    QCOMPARE(send()->text(), u"Send 3 clips — $2.10"_s);
    QVERIFY(send()->isEnabled());
    QVERIFY(problem()->text().isEmpty());

    // The preview shows the seeds the plan will send.
    const SweepPlan plan = m_dialog->plan();
    QVERIFY(plan.isValid());
    const QStringList columns = headerLabels(preview(), Qt::Horizontal);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(columns.at(i), u"Seed %1"_s.arg(*plan.requests().at(i).seed));
    QCOMPARE(m_dialog->plan().requests(), plan.requests()); // read again: the same seeds
}

void TstSweepDialog::seedListByAspectRatio()
{
    named<QRadioButton>(m_dialog.get(), u"First axis listed seeds"_s)->setChecked(true);
    QLineEdit *seeds = named<QLineEdit>(m_dialog.get(), u"First axis seed list"_s);
    QVERIFY(seeds->isEnabled());
    QTest::keyClicks(seeds, u"7, 42, 1234"_s);
    choose(axis(u"Second axis"_s), u"Aspect ratio"_s);

    QCOMPARE(headerLabels(preview(), Qt::Horizontal), (QStringList{u"Seed 7"_s, u"Seed 42"_s, u"Seed 1234"_s}));
    QCOMPARE(headerLabels(preview(), Qt::Vertical), (QStringList{u"16:9"_s, u"9:16"_s}));
    QCOMPARE(preview()->item(1, 2)->text(), u"Clip 6 · $0.70"_s);
    QCOMPARE(summary()->text(), u"3 seeds × 2 aspect ratios = 6 clips, $4.20"_s);
    QCOMPARE(send()->text(), u"Send 6 clips — $4.20"_s);
    QVERIFY(send()->isEnabled());

    const QList<GenerationRequest> requests = m_dialog->plan().requests();
    QCOMPARE(requests.size(), 6);
    QCOMPARE(requests.at(4).seed, std::optional<qint64>(42));
    QCOMPARE(requests.at(4).aspect, AspectRatio::R9x16);

    // A seed out of range is explained and Send refused.
    QTest::keyClicks(seeds, u", 99999999999"_s);
    QVERIFY(!send()->isEnabled());
    QCOMPARE(problem()->text(), u"The seed 99,999,999,999 is outside 0 to 2,147,483,647. Use whole numbers in that "
                                "range."_s);
}

void TstSweepDialog::promptVariantsByResolution()
{
    choose(axis(u"First axis"_s), u"Prompt"_s);
    QPlainTextEdit *prompts = named<QPlainTextEdit>(m_dialog.get(), u"First axis prompts"_s);
    QCOMPARE(prompts->toPlainText(), u"a red fox trots through snow"_s); // starts from the recipe
    prompts->setPlainText(u"a {red|blue} fox"_s);
    choose(axis(u"Second axis"_s), u"Resolution"_s);

    QCOMPARE(headerLabels(preview(), Qt::Horizontal), (QStringList{u"red"_s, u"blue"_s}));
    QCOMPARE(headerLabels(preview(), Qt::Vertical), (QStringList{u"720P"_s, u"1080P"_s}));
    QCOMPARE(preview()->item(1, 0)->text(), u"Clip 3 · $0.90"_s);
    // The recipe has no seed and the sweep does not vary it: one seed, drawn once, for every clip, so that the
    // clips differ only in what the sweep varies.
    const QList<GenerationRequest> requests = m_dialog->plan().requests();
    QVERIFY(requests.at(0).seed);
    for (const GenerationRequest &request : requests)
        QCOMPARE(request.seed, requests.at(0).seed);
    QCOMPARE(summary()->text(), u"2 prompts × 2 resolutions = 4 clips, $3.20 · seed %1 for every clip, so only what "
                                "varies differs"_s.arg(*requests.at(0).seed));
    QCOMPARE(send()->text(), u"Send 4 clips — $3.20"_s);
    QCOMPARE(requests.at(3).prompt, u"a blue fox"_s);
    QVERIFY(named<QLabel>(m_dialog.get(), u"First axis prompt syntax"_s)->text().contains(u"{red|blue}"_s));

    // Unticking 1080P leaves one row, with the same seed as before.
    named<QCheckBox>(m_dialog.get(), u"Second axis 1080P"_s)->setChecked(false);
    QVERIFY(summary()->text().startsWith(u"2 prompts × 1 resolution = 2 clips, $1.40 · seed %1 "_s.arg(
        *requests.at(0).seed)));
}

void TstSweepDialog::badVariantSyntaxDisablesSend()
{
    choose(axis(u"First axis"_s), u"Prompt"_s);
    named<QPlainTextEdit>(m_dialog.get(), u"First axis prompts"_s)->setPlainText(u"a {red|} fox"_s);
    QVERIFY(!send()->isEnabled());
    QCOMPARE(send()->text(), u"Send"_s);
    QCOMPARE(problem()->text(), u"The alternative at character 8 is empty. Write something between each “|”, or "
                                "remove the extra “|”."_s);
    QVERIFY(problem()->isVisibleTo(m_dialog.get()));
    QCOMPARE(preview()->rowCount(), 0);
    QVERIFY(!m_dialog->plan().isValid());

    // Fixed, it can be sent again and the problem goes away.
    named<QPlainTextEdit>(m_dialog.get(), u"First axis prompts"_s)->setPlainText(u"a {red|blue} fox"_s);
    QVERIFY(send()->isEnabled());
    QVERIFY(!problem()->isVisibleTo(m_dialog.get()));
}

void TstSweepDialog::overTheLimitIsExplained()
{
    named<QSpinBox>(m_dialog.get(), u"First axis random seed count"_s)->setValue(6);
    choose(axis(u"Second axis"_s), u"Duration"_s);
    QLineEdit *durations = named<QLineEdit>(m_dialog.get(), u"Second axis durations"_s);
    QCOMPARE(durations->text(), u"5, 10"_s);
    durations->setText(u"3, 4, 5, 6, 7"_s);
    QVERIFY(!send()->isEnabled());
    QCOMPARE(problem()->text(), u"This sweep makes 30 clips; a sweep is limited to 24. Remove values from an axis."_s);
    durations->setText(u"3, 4, 5, 6"_s);
    QVERIFY(send()->isEnabled());
    QCOMPARE(send()->text(), u"Send 24 clips — $15.12"_s); // 6 × (3+4+5+6) s × $0.14
}

void TstSweepDialog::sameKindTwiceIsRefused()
{
    choose(axis(u"Second axis"_s), u"Seed"_s);
    QVERIFY(!send()->isEnabled());
    QCOMPARE(problem()->text(), u"Both axes vary the seed. Choose something else for the second axis, or none."_s);
}

void TstSweepDialog::moreRandomSeedsKeepTheFirst()
{
    const QStringList before = headerLabels(preview(), Qt::Horizontal);
    named<QSpinBox>(m_dialog.get(), u"First axis random seed count"_s)->setValue(4);
    const QStringList after = headerLabels(preview(), Qt::Horizontal);
    QCOMPARE(after.size(), 4);
    QCOMPARE(after.mid(0, 3), before);
    QCOMPARE(summary()->text(), u"4 seeds = 4 clips, $2.80"_s);
}

void TstSweepDialog::kindsFollowTheRequest()
{
    GenerationRequest imageToVideo = fox();
    imageToVideo.firstFrame = webImage(u"frame.png"_s);
    SweepDialog i2v(imageToVideo);
    QCOMPARE(itemsOf(named<QComboBox>(&i2v, u"First axis"_s)),
             (QStringList{u"Seed"_s, u"Duration"_s, u"Resolution"_s, u"Prompt"_s}));

    GenerationRequest both = imageToVideo;
    both.references = {webImage(u"ref.png"_s)};
    both.modeChoice = GenerationRequest::ModeChoice::ReferenceToVideo;
    SweepDialog withBoth(both);
    QCOMPARE(itemsOf(named<QComboBox>(&withBoth, u"Second axis"_s)),
             (QStringList{u"Nothing"_s, u"Seed"_s, u"Duration"_s, u"Resolution"_s, u"Aspect ratio"_s, u"Mode"_s,
                          u"Prompt"_s}));
    choose(named<QComboBox>(&withBoth, u"First axis"_s), u"Mode"_s);
    QVERIFY(named<QLabel>(&withBoth, u"Sweep summary"_s)->text().startsWith(u"2 modes = 2 clips, $1.40 · seed "_s));
    QCOMPARE(withBoth.plan().requests().at(0).mode(), std::optional(GenerationRequest::Mode::ImageToVideo));
}

void TstSweepDialog::alternativesInThePromptArePicked()
{
    GenerationRequest request = fox();
    request.prompt = u"a {calm|stormy} sea"_s;
    SweepDialog dialog(request);
    QCOMPARE(named<QComboBox>(&dialog, u"First axis"_s)->currentText(), u"Prompt"_s);
    QCOMPARE(headerLabels(named<QTableWidget>(&dialog, u"Sweep preview"_s), Qt::Horizontal),
             (QStringList{u"calm"_s, u"stormy"_s}));
    QCOMPARE(dialog.plan().requests().at(1).prompt, u"a stormy sea"_s);
}

QTEST_MAIN(TstSweepDialog)
#include "tst_sweepdialog.moc"
