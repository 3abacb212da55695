#pragma once

#include "Ask.h"

#include <QString>
#include <QWidget>

class JobListModel;
class JobQueue;
class QAction;
class QListView;
class QModelIndex;

// The playground's list of jobs: what each is doing and costing, with the per-job actions (stop waiting, retry,
// download again, copy prompt, show error) in a context menu and in buttons under the list.
class QueueView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueView)

public:
    // Asks the user to confirm something; true means go ahead.

    explicit QueueView(JobQueue *queue, QWidget *parent = nullptr);
    ~QueueView() override;

    JobListModel *model() const { return m_model; }
    QListView *listView() const { return m_list; }
    qint64 currentJobId() const; // 0 when none
    QList<qint64> selectedJobIds() const; // in list order (to compare their takes)
    void selectJob(qint64 id);

    // Replaces the QMessageBox used for confirmations (tests answer without a dialog).
    void setConfirm(Confirm confirm);

    // The actions on the current job, also reachable from the context menu and the buttons.
    QAction *stopWaitingAction() const { return m_stopAction; }
    QAction *waitAgainAction() const { return m_waitAgainAction; }
    QAction *retryAction() const { return m_retryAction; }
    QAction *downloadAgainAction() const { return m_downloadAgainAction; }
    QAction *copyPromptAction() const { return m_copyPromptAction; }
    QAction *showErrorAction() const { return m_showErrorAction; }

Q_SIGNALS:
    // A Ready job was selected, activated (double click, Enter), or became Ready while selected.
    void clipActivated(qint64 jobId, const QString &clipPath, const QString &prompt);
    // "Retry as a new job" added newJobId to the queue.
    void retryRequested(qint64 newJobId);

private:
    void stopWaiting();
    void waitAgain();
    void retry();
    void downloadAgain();
    void copyPrompt();
    void showError();
    void onCurrentChanged(const QModelIndex &current);
    void announceClipIfReady(const QModelIndex &current);
    void updateActions();
    void showContextMenu(const QPoint &position);

    JobQueue *m_queue;
    JobListModel *m_model = nullptr;
    QListView *m_list = nullptr;
    Confirm m_confirm;
    QString m_announcedClip; // the current job's clip already sent with clipActivated
    QAction *m_stopAction = nullptr;
    QAction *m_waitAgainAction = nullptr;
    QAction *m_retryAction = nullptr;
    QAction *m_downloadAgainAction = nullptr;
    QAction *m_copyPromptAction = nullptr;
    QAction *m_showErrorAction = nullptr;
};
