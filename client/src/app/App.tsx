import { Suspense, lazy, useState } from 'react'
import { ErrorPage } from '../features/common/ErrorPage.tsx'
import { takeRoomToken } from '../features/join/roomToken.ts'
import type { Route } from '../lib/route.ts'

// The room pulls in Yjs, y-websocket and IndexedDB persistence; the landing page needs none of it.
const RoomGate = lazy(() => import('../features/join/RoomGate.tsx'))
// The story bank is its own chunk: neither the landing page nor a room loads it until asked.
const StoryBankPage = lazy(() => import('../features/stories/StoryBankPage.tsx'))
// Cohorts: the organizer's dashboard and a student's personal link, each loaded only on its page.
const CohortPage = lazy(() => import('../features/cohorts/CohortPage.tsx'))
const StudentPage = lazy(() => import('../features/cohorts/StudentPage.tsx'))
// Interview loops: creating one, and a loop's page.
const NewLoopPage = lazy(() => import('../features/loops/NewLoopPage.tsx'))
const LoopPage = lazy(() => import('../features/loops/LoopPage.tsx'))
// A round's replay: its own chunk (Yjs, the player); no editor, no socket.
const ReplayPage = lazy(() => import('../features/replay/ReplayPage.tsx'))

/**
 * Full-page navigation between pages: no router needed. The landing page is not a React page
 * (client/src/main.ts mounts it without React), so it never comes here.
 */
export function App({ route }: { route: Route }) {
  const [token] = useState(() => (route.page === 'room' || route.page === 'replay' ? takeRoomToken(route.roomId) : null))
  switch (route.page) {
    case 'landing':
      return null
    case 'stories':
      return (
        <Suspense fallback={null}>
          <StoryBankPage />
        </Suspense>
      )
    case 'cohort':
      return (
        <Suspense fallback={null}>
          <CohortPage cohortId={route.cohortId} />
        </Suspense>
      )
    case 'student':
      return (
        <Suspense fallback={null}>
          <StudentPage cohortId={route.cohortId} />
        </Suspense>
      )
    case 'new-loop':
      return (
        <Suspense fallback={null}>
          <NewLoopPage />
        </Suspense>
      )
    case 'loop':
      return (
        <Suspense fallback={null}>
          <LoopPage loopId={route.loopId} />
        </Suspense>
      )
    case 'room':
      return (
        <Suspense fallback={null}>
          <RoomGate roomId={route.roomId} token={token} debrief={route.debrief ?? null} />
        </Suspense>
      )
    case 'replay':
      return (
        <Suspense fallback={null}>
          <ReplayPage roomId={route.roomId} round={route.round} token={token} />
        </Suspense>
      )
    case 'not-found':
      return (
        <ErrorPage title="Page not found">
          <p>There is nothing at this address.</p>
        </ErrorPage>
      )
  }
}
