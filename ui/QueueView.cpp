#include "QueueView.h"

#include "Ask.h"
#include "EmptyViewHint.h"
#include "JobItemDelegate.h"
#include "jobs/JobListModel.h"
#include "jobs/JobQueue.h"

#include <QAction>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

} // namespace

QueueView::QueueView(JobQueue *queue, QWidget *parent)
    : QWidget(parent), m_queue(queue), m_model(new JobListModel(queue, this)), m_list(new QListView(this))
{
    m_confirm = [this](const QString &title, const QString &text) { return askYesNo(this, title, text); };

    m_list->setModel(m_model);
    m_list->setItemDelegate(new JobItemDelegate(m_list));
    // Several jobs may be selected to compare their takes; the current one is what the actions and the player use.
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setUniformItemSizes(true); // every row is as tall as the others: long queues lay out at once
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_list->setAccessibleName(u"Job queue"_s);
    new EmptyViewHint(m_list, u"No jobs yet. Write a prompt and press Generate (Ctrl+Enter): each job shows here "
                              u"while it runs, and its clip plays above when it is ready."_s);

    m_stopAction = new QAction(u"Stop waiting"_s, this);
    m_stopAction->setShortcut(QKeySequence::Delete);
    m_stopAction->setToolTip(u"Stop waiting for this job. A job already sent still runs on the service and is "
                             u"billed."_s);
    m_waitAgainAction = new QAction(u"Wait again"_s, this);
    m_waitAgainAction->setToolTip(u"Start waiting again for a job you stopped waiting for, and download its clip."_s);
    m_retryAction = new QAction(u"Retry as a new job"_s, this);
    m_retryAction->setToolTip(u"Send the same request again as a new job. It is billed again."_s);
    m_downloadAgainAction = new QAction(u"Download again"_s, this);
    m_downloadAgainAction->setToolTip(u"Fetch the paid clip again (the service keeps it for 7 days)."_s);
    m_copyPromptAction = new QAction(u"Copy prompt"_s, this);
    m_copyPromptAction->setShortcut(QKeySequence::Copy);
    m_showErrorAction = new QAction(u"Show error"_s, this);
    const QList<QAction *> actions{m_stopAction,          m_waitAgainAction,  m_retryAction,
                                   m_downloadAgainAction, m_copyPromptAction, m_showErrorAction};
    for (QAction *action : actions) {
        // Shortcuts work while the list or a button has focus, not across the whole window.
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
    }
    connect(m_stopAction, &QAction::triggered, this, &QueueView::stopWaiting);
    connect(m_waitAgainAction, &QAction::triggered, this, &QueueView::waitAgain);
    connect(m_retryAction, &QAction::triggered, this, &QueueView::retry);
    connect(m_downloadAgainAction, &QAction::triggered, this, &QueueView::downloadAgain);
    connect(m_copyPromptAction, &QAction::triggered, this, &QueueView::copyPrompt);
    connect(m_showErrorAction, &QAction::triggered, this, &QueueView::showError);

    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    for (QAction *action : actions) {
        auto *button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setFocusPolicy(Qt::StrongFocus); // reachable with Tab, not only with the mouse
        button->setObjectName(action->text());
        buttons->addWidget(button);
    }
    buttons->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onCurrentChanged(current); });
    connect(m_list, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        const QString clip = index.data(JobListModel::ClipPathRole).toString();
        if (!clip.isEmpty())
            Q_EMIT clipActivated(m_model->jobId(index.row()), clip, index.data(JobListModel::PromptRole).toString());
    });
    connect(m_list, &QWidget::customContextMenuRequested, this, &QueueView::showContextMenu);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &from, const QModelIndex &to, const QList<int> &roles) {
                const QModelIndex current = m_list->currentIndex();
                if (!current.isValid() || current.row() < from.row() || current.row() > to.row())
                    return;
                if (roles.isEmpty() || roles.contains(JobListModel::StateRole) ||
                    roles.contains(JobListModel::ErrorRole) || roles.contains(JobListModel::StopIsBilledRole))
                    updateActions();
                if (roles.isEmpty() || roles.contains(JobListModel::ClipPathRole))
                    announceClipIfReady(current);
            });
    updateActions();
}

QueueView::~QueueView() = default;

qint64 QueueView::currentJobId() const
{
    const QModelIndex current = m_list->currentIndex();
    return current.isValid() ? m_model->jobId(current.row()) : 0;
}

void QueueView::selectJob(qint64 id)
{
    const QModelIndex index = m_model->indexOf(id);
    if (!index.isValid())
        return;
    m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_list->scrollTo(index);
}

void QueueView::setConfirm(Confirm confirm)
{
    m_confirm = std::move(confirm);
}

void QueueView::onCurrentChanged(const QModelIndex &current)
{
    m_announcedClip.clear();
    updateActions();
    announceClipIfReady(current);
}

void QueueView::announceClipIfReady(const QModelIndex &current)
{
    const QString clip = current.data(JobListModel::ClipPathRole).toString();
    if (clip.isEmpty() || clip == m_announcedClip)
        return;
    m_announcedClip = clip;
    Q_EMIT clipActivated(m_model->jobId(current.row()), clip, current.data(JobListModel::PromptRole).toString());
}

void QueueView::updateActions()
{
    const QModelIndex current = m_list->currentIndex();
    const bool has = current.isValid();
    const auto state = current.data(JobListModel::StateRole).value<JobState>();
    m_stopAction->setEnabled(has && current.data(JobListModel::CanStopWaitingRole).toBool());
    m_waitAgainAction->setEnabled(has && state == JobState::Stopped);
    m_retryAction->setEnabled(has);
    m_downloadAgainAction->setEnabled(has && current.data(JobListModel::CanDownloadAgainRole).toBool());
    m_copyPromptAction->setEnabled(has);
    m_showErrorAction->setEnabled(has && !current.data(JobListModel::ErrorRole).toString().isEmpty());
}

void QueueView::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_list->indexAt(position);
    if (index.isValid() && index != m_list->currentIndex())
        m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    if (!m_list->currentIndex().isValid())
        return;
    QMenu menu(this);
    menu.addAction(m_stopAction);
    menu.addAction(m_waitAgainAction);
    menu.addAction(m_retryAction);
    menu.addAction(m_downloadAgainAction);
    menu.addSeparator();
    menu.addAction(m_copyPromptAction);
    menu.addAction(m_showErrorAction);
    menu.exec(m_list->viewport()->mapToGlobal(position));
}

void QueueView::stopWaiting()
{
    const qint64 id = currentJobId();
    const Job *job = m_queue ? m_queue->job(id) : nullptr;
    if (!job || !m_model->indexOf(id).data(JobListModel::CanStopWaitingRole).toBool())
        return;
    // A job not sent yet is simply cancelled and costs nothing: nothing to confirm.
    if (m_model->indexOf(id).data(JobListModel::StopIsBilledRole).toBool()) {
        const QString text =
            u"This job has already been sent to Segmind, which has no way to cancel it: it still runs on the "
            u"service and is billed (about %1), even if Paddock stops waiting. Its clip will not be downloaded "
            u"unless you choose “Wait again” later.\n\nStop waiting for it?"_s.arg(
                Pricing::formatCents(job->estimatedCents));
        if (!m_confirm || !m_confirm(u"Stop waiting?"_s, text))
            return;
    }
    m_queue->stopWaiting(id);
    updateActions();
}

void QueueView::waitAgain()
{
    if (m_queue)
        m_queue->resumeWaiting(currentJobId());
    updateActions();
}

void QueueView::retry()
{
    const qint64 id = currentJobId();
    const Job *job = m_queue ? m_queue->job(id) : nullptr;
    if (!job)
        return;
    QString text = u"Paddock sends the same request again as a new job. It is billed again: about %1."_s.arg(
        Pricing::formatCents(job->estimatedCents));
    if (job->state == JobState::Unknown)
        text += u"\n\nThe first job may exist and be billed too. Check your Segmind dashboard before sending it "
                u"again."_s;
    else if (job->isRunning() || job->state == JobState::Stopped)
        text += u"\n\nThe first job is not cancelled by this: it goes on and is billed as well."_s;
    text += u"\n\nSend it again?"_s;
    if (!m_confirm || !m_confirm(u"Retry as a new job?"_s, text))
        return;
    const qint64 newId = m_queue->retryAsNew(id);
    if (newId == 0) {
        QMessageBox::warning(this, u"Could not retry"_s,
                             u"Paddock could not record the new job in its library, so nothing was sent. Check "
                             u"that the disk is not full, then try again."_s);
        return;
    }
    selectJob(newId);
    Q_EMIT retryRequested(newId);
}

void QueueView::downloadAgain()
{
    if (m_queue)
        m_queue->retryDownload(currentJobId());
    updateActions();
}

void QueueView::copyPrompt()
{
    const QModelIndex current = m_list->currentIndex();
    if (current.isValid())
        QGuiApplication::clipboard()->setText(current.data(JobListModel::PromptRole).toString());
}

void QueueView::showError()
{
    const QModelIndex current = m_list->currentIndex();
    const QString error = current.data(JobListModel::ErrorRole).toString();
    if (error.isEmpty())
        return;
    auto *dialog = new QDialog(this);
    dialog->setObjectName(u"errorDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(u"Why this job stopped"_s);
    auto *prompt = new QLabel(current.data(Qt::DisplayRole).toString(), dialog);
    prompt->setWordWrap(true);
    auto *text = new QPlainTextEdit(error, dialog);
    text->setReadOnly(true); // read-only still lets the text be selected and copied
    text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    auto *box = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(box, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(prompt);
    layout->addWidget(text, 1);
    layout->addWidget(box);
    dialog->resize(520, 260);
    dialog->open();
}

QList<qint64> QueueView::selectedJobIds() const
{
    QModelIndexList rows = m_list->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QList<qint64> ids;
    for (const QModelIndex &index : std::as_const(rows))
        ids << m_model->jobId(index.row());
    return ids;
}
