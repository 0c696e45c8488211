package io.roam.spoke.login;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Every command to a phone goes through here. A commit to the H2 file costs a disk sync (about
 * 15 ms on this machine, and H2 does not share one between sessions), so one thread runs the
 * commands that are waiting in a single transaction. Each decides in a unit of work nested in
 * the batch's: its events reach the projections, and its caller gets the answer, only once the
 * shared commit is durable; if that commit fails, every command of the batch fails and nothing
 * of it is seen.
 *
 * <p>A command that fails (a phone already taken) wrote nothing and fails alone: the
 * transaction manager does not turn a participant's failure into a rollback of the others.
 * Being the only writer of phones also means no phone changes under a batch between its
 * commands and its commit.
 */
@Component
public class GroupCommit implements DisposableBean {

    private static final int MAX_BATCH = 256;

    private final CommandGateway commands;
    private final TransactionManager transactions;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean running = true;

    private record Pending(Object command, CompletableFuture<Object> answer) {
    }

    private record Outcome(Object result, RuntimeException failure) {
    }

    public GroupCommit(CommandGateway commands, TransactionManager transactions) {
        this.commands = commands;
        this.transactions = transactions;
        this.worker = new Thread(this::run, "group-commit");
        worker.setDaemon(true);
        worker.start();
    }

    /** Like {@link CommandGateway#sendAndWait(Object)}; returns once the command's events are durable. */
    @SuppressWarnings("unchecked")
    public <R> R sendAndWait(Object command) {
        Pending pending = new Pending(command, new CompletableFuture<>());
        queue.add(pending);
        try {
            return (R) pending.answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + command, e);
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                batch.forEach(p -> p.answer.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        unitOfWork.execute(() -> {
            for (Pending pending : batch) {
                try {
                    outcomes.add(new Outcome(commands.sendAndWait(pending.command), null));
                } catch (RuntimeException e) {
                    outcomes.add(new Outcome(null, e));
                }
            }
        });
        for (int i = 0; i < batch.size(); i++) {
            Outcome outcome = outcomes.get(i);
            if (outcome.failure != null) {
                batch.get(i).answer.completeExceptionally(outcome.failure);
            } else {
                batch.get(i).answer.complete(outcome.result);
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        worker.join(5000);
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.answer.completeExceptionally(new IllegalStateException("the spoke is stopping")));
    }
}
